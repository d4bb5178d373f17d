package dynamo.core.handoff;

import dynamo.core.message.Message.WriteRequest;
import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;

/**
 * The stand-in's side of hinted handoff: keeps one hint per (target, key) until {@link HintDelivery}
 * hands it over. Of two hints for one key the copy with the higher ballot stays (linearizable mode),
 * or the two are resolved into siblings (siblings mode).
 */
public final class HintKeeper {
    private final HintStore hints;
    private final VersionResolver resolver;

    public HintKeeper(HintStore hints, VersionResolver resolver) {
        this.hints = hints;
        this.resolver = resolver;
    }

    public void keep(WriteRequest hint) {
        hints.updateState(hint.hintFor(), hint.key(), current -> merged(current, hint));
    }

    private KeyState merged(KeyState current, WriteRequest hint) {
        if (resolver.mode() == ConflictMode.LINEARIZABLE) {
            return hint.accepted().isAfter(current.accepted())
                    ? new KeyState(Ballot.ZERO, hint.accepted(), hint.versions()) : current;
        }
        return current.withVersions(resolver.reconcile(current.versions(), hint.versions()));
    }
}
