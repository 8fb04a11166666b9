using Bench.Fuzz;
using SharpFuzz;

// bench-fuzz HARNESS            run under afl-fuzz (scripts/fuzz.sh HARNESS MINUTES does the setup)
// bench-fuzz HARNESS FILE...    run the harness once per file and report, without a fuzzer
if (args.Length == 0 || !Harnesses.All.TryGetValue(args[0], out var harness))
{
    Console.Error.WriteLine($"bench-fuzz: HARNESS: expected one of {string.Join(", ", Harnesses.All.Keys)} (got '{(args.Length == 0 ? "" : args[0])}')");
    return 2;
}
if (args.Length > 1)
{
    foreach (var file in args.Skip(1)) harness(File.ReadAllBytes(file));
    Console.WriteLine($"bench-fuzz: {args[0]}: {args.Length - 1} inputs, no finding");
    return 0;
}
Fuzzer.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    harness(copy.ToArray());
});
return 0;
