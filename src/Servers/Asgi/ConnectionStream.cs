namespace Bench.Servers.Asgi;

/// <summary>
/// The connection as a Stream for the BCL's WebSocket framing. Reads and writes go to the loop's own
/// non-blocking socket; the WebSocket's keep-alive pings come from a .NET timer thread, so a call made
/// off the loop is posted to it and every socket call still happens on the loop thread.
/// Disposing (the WebSocket aborting) ends reading, which ends a pending read; the connection's handler closes it.
/// </summary>
internal sealed class ConnectionStream(AsyncConnection connection) : Stream
{
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        connection.Loop.IsOnLoop ? connection.ReceiveAsync(buffer) : new(OnLoop(() => connection.ReceiveAsync(buffer).AsTask()));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        connection.Loop.IsOnLoop ? connection.SendAsync(buffer) : new(OnLoop(async () => { await connection.SendAsync(buffer); return 0; }));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private Task<int> OnLoop(Func<Task<int>> operation)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Loop.Post(static async s =>
        {
            var (operation, done) = ((Func<Task<int>>, TaskCompletionSource<int>))s!;
            try { done.TrySetResult(await operation()); }
            catch (Exception e) { done.TrySetException(e); }
        }, (operation, done));
        return done.Task;
    }

    // The framing only uses the async calls; blocking ones would stall the loop.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) connection.AbortReads();
        base.Dispose(disposing);
    }
}
