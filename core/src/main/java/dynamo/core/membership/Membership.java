package dynamo.core.membership;

import java.util.List;
import java.util.Optional;

/** The current set of cluster members, from static configuration or a discovery service. */
public interface Membership {
    List<Member> members();

    default Optional<Member> member(String id) {
        return members().stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
