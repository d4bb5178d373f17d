package dynamo.consul;

import dynamo.core.membership.Member;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.ServiceHealth;

/** Turns Consul's instances of the service into members: passing ones only, one per node id, sorted. */
final class HealthyInstances {
    private static final String PASSING = "passing";

    private HealthyInstances() {
    }

    static List<Member> members(List<ServiceHealth> instances) {
        Map<String, Member> byId = new TreeMap<>();
        for (ServiceHealth instance : instances) {
            if (passing(instance)) {
                Member member = member(instance.getService().getMeta());
                if (member != null) {
                    byId.putIfAbsent(member.id(), member);
                }
            }
        }
        return List.copyOf(byId.values());
    }

    static boolean contains(List<ServiceHealth> instances, String serviceId) {
        return instances.stream().anyMatch(i -> serviceId.equals(i.getService().getId()));
    }

    /** As Consul's {@code ?passing}: every check of the instance, the node's included, passes. */
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
