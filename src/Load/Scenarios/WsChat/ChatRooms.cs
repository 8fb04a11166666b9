namespace Bench.Load.Scenarios.WsChat;

/// <summary>
/// One run's rooms. Members talk only once their room is full (so every member is owed every
/// message) and stop together (so the count owed is final before they drain). Room names carry
/// a per-run token: the server keeps a room's sequence for its lifetime, and a fresh room starts at 1.
/// </summary>
internal sealed class ChatRooms(int connections, int roomSize)
{
    // Users are created one by one on the session controller; rooms appear as their first member does.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Room> _rooms = new();

    public string Token { get; } = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.NextInt64()))[..8].ToLowerInvariant();

    /// <summary>The last room holds what is left over when the connections do not divide evenly.</summary>
    public Room For(int vuIndex) => _rooms.GetOrAdd(vuIndex / roomSize, i => new Room(Math.Min(roomSize, connections - i * roomSize)));

    public int IndexOf(int vuIndex) => vuIndex / roomSize;

    internal sealed class Room(int members)
    {
        private int _joined;
        private int _doneSending;
        private long _sent;

        public int Members => members;

        public bool IsFull => Joined >= members;

        public int Joined => Volatile.Read(ref _joined);

        public long Sent => Volatile.Read(ref _sent);

        public bool AllDoneSending => Volatile.Read(ref _doneSending) >= Joined;

        public void Join() => Interlocked.Increment(ref _joined);

        public void CountSent() => Interlocked.Increment(ref _sent);

        public void DoneSending() => Interlocked.Increment(ref _doneSending);
    }
}
