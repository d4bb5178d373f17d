package dynamo.client.call;

import dynamo.client.DynamoException;
import dynamo.client.routing.Target;

/** What a call does next: send its request to a node, or finish with a result or a failure. */
public sealed interface Step<T> {
    record Send<T>(Target target) implements Step<T> {
    }

    record Done<T>(T result) implements Step<T> {
    }

    record Failed<T>(DynamoException failure) implements Step<T> {
    }
}
