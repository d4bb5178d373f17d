package dynamo.core.version;

/**
 * LINEARIZABLE: the write tag decides, one version per key (ABD). SIBLINGS: Dynamo's own behaviour,
 * versions with concurrent vector clocks are all kept until a client resolves them.
 */
public enum ConflictMode {
    LINEARIZABLE, SIBLINGS
}
