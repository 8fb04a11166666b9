namespace Bench.Micro.Instructions;

/// <summary>
/// One operation the instruction tier counts: <see cref="Run"/> performs it <c>count</c> times
/// in a row. The name is what compare matches between base and head ("micro RequestParsing.ParseSmallHead",
/// "asgi GET /hello").
/// </summary>
public sealed record Operation(string Name, Action<int> Run);
