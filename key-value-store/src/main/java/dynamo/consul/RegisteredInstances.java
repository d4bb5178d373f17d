package dynamo.consul;

import dynamo.core.membership.Member;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.ServiceHealth;

/**
 * Reads Consul's instances of the service: every registered one is a member, passing or not (one
 * per node id, sorted); which of them fail a check is a separate answer, for the failure detector.
 */
final class RegisteredInstances {
    private static final String PASSING = "passing";

    private RegisteredInstances() {
    }

    static List<Member> members(List<ServiceHealth> instances) {
        Map<String, Member> byId = new TreeMap<>();
        for (ServiceHealth instance : instances) {
            Member member = member(instance.getService().getMeta());
            if (member != null) {
                byId.putIfAbsent(member.id(), member);
            }
        }
        return List.copyOf(byId.values());
    }

    /** The node ids of our instances with a check that does not pass (Consul's node check included). */
    static Set<String> failing(List<ServiceHealth> instances) {
        Set<String> ids = new TreeSet<>();
        for (ServiceHealth instance : instances) {
            Member member = member(instance.getService().getMeta());
            if (member != null && !passing(instance)) {
                ids.add(member.id());
            }
        }
        return ids;
    }

    static boolean contains(List<ServiceHealth> instances, String serviceId) {
        return instances.stream().anyMatch(i -> serviceId.equals(i.getService().getId()));
    }

    private static boolean passing(ServiceHealth instance) {
        return instance.getChecks().stream().map(HealthCheck::getStatus).allMatch(PASSING::equals);
    }

    /** Null for an instance that is not one of ours (its meta lacks a member field). */
    private static Member member(Map<String, String> meta) {
        String id = meta.get(ServiceDefinition.META_NODE_ID);
        String broker = meta.get(ServiceDefinition.META_BROKER_URL);
        String http = meta.get(ServiceDefinition.META_HTTP_URL);
        if (id == null || broker == null || http == null) {
            return null;
        }
        return new Member(id, broker, http, meta.get(ServiceDefinition.META_ADMIN_URL));
    }
}
