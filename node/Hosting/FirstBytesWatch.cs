using System.IO.Pipelines;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Passes a connection's transport through unchanged and notes when the client has sent at
/// least <c>minimumBytes</c> (or the server consumed any of its input): the sign that a real
/// request began.
/// </summary>
public sealed class FirstBytesWatch(IDuplexPipe inner, int minimumBytes) : IDuplexPipe
{
    private readonly WatchingReader _input = new(inner.Input, minimumBytes);

    public bool Started => _input.Started;

    public PipeReader Input => _input;

    public PipeWriter Output => inner.Output;

    private sealed class WatchingReader(PipeReader inner, int minimumBytes) : PipeReader
    {
        private volatile bool _started;
        private SequencePosition _lastStart;

        public bool Started => _started;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            Observe(result);
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
                return false;
            Observe(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed)
        {
            NoteConsumed(consumed);
            inner.AdvanceTo(consumed);
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            NoteConsumed(consumed);
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        private void Observe(ReadResult result)
        {
            if (_started)
                return;
            _lastStart = result.Buffer.Start;
            if (result.Buffer.Length >= minimumBytes)
                _started = true;
        }

        private void NoteConsumed(SequencePosition consumed)
        {
            if (!_started && !consumed.Equals(_lastStart))
                _started = true;
        }
    }
}
