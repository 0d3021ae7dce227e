namespace EcommerceMl.Fuzz.Harnesses;

/// <summary>
/// One reader under fuzzing. <see cref="Run"/> feeds it bytes and swallows only the exception the
/// reader documents for bad input (its clear refusal); anything else escapes, and the fuzzer
/// records the input as a crash.
/// </summary>
internal interface IHarness
{
    string Name { get; }

    void Run(ReadOnlySpan<byte> input);

    /// <summary>The seed corpus: inputs the reader accepts, from the repository's own examples and generators.</summary>
    IEnumerable<(string Name, byte[] Bytes)> Seeds(string repositoryRoot);
}
