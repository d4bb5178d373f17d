package dynamo.core.handoff;

class InMemoryHintStoreTest extends HintStoreContract {
    @Override
    protected HintStore newHintStore() {
        return new InMemoryHintStore();
    }
}
