package dynamo.core.storage;

class InMemoryHintStoreTest extends HintStoreContract {
    @Override
    protected HintStore newHintStore() {
        return new InMemoryHintStore();
    }
}
