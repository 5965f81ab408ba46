namespace ChainNode.Simulation.Byzantine;

/// <summary>The ways a simulated Byzantine validator misbehaves.</summary>
public enum ByzantineBehaviour
{
    /// <summary>Sends nothing at all; as primary, it stalls its view.</summary>
    Silent,

    /// <summary>As primary, sends different (sometimes invalid) blocks to different replicas.</summary>
    Equivocate,

    /// <summary>Votes for its block to some replicas and for another block to the rest.</summary>
    DoubleVote,

    /// <summary>Sends messages with corrupted signatures or claiming another sender.</summary>
    ForgeSignatures,

    /// <summary>Re-sends old messages it has seen, from old views and heights.</summary>
    Replay,

    /// <summary>Sends many junk and out-of-window messages every tick.</summary>
    Flood,

    /// <summary>
    /// Every tick, sends validly signed VIEW-CHANGEs for ever higher views that carry real
    /// prepared certificates (the most costly message to check), and repeats its votes.
    /// </summary>
    ExpensiveViewChangeFlood,

    /// <summary>As primary, proposes blocks that leave out every client request (censorship).</summary>
    Censor,
}
