package dynamo.core.membership;

import java.util.List;

/** Membership fixed by configuration: the embedded default. */
public record StaticMembership(List<Member> members) implements Membership {
    public StaticMembership {
        members = List.copyOf(members);
    }
}
