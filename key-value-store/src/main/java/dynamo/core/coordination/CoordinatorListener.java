package dynamo.core.coordination;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;

/** What the coordinator reports for metrics; the adapters decide where it goes. */
public interface CoordinatorListener {
    void forwarded();

    void coordinated(ClientRequest request, ClientResponse response, long millis);

    CoordinatorListener NONE = new CoordinatorListener() {
        @Override
        public void forwarded() {
        }

        @Override
        public void coordinated(ClientRequest request, ClientResponse response, long millis) {
        }
    };
}
