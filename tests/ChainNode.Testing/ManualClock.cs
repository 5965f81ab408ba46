namespace ChainNode.Testing;

/// <summary>A clock that moves only when a test moves it.</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch.AddYears(56);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(int ms) => Now = Now.AddMilliseconds(ms);
}
