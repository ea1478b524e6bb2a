namespace Kosmo.Data.Import;

/// <summary>Choices for one <c>kosmo data import</c> call that the files themselves cannot carry.</summary>
public sealed record ImportOptions
{
    /// <summary>No options: everything from the files and their names.</summary>
    public static ImportOptions Default { get; } = new();

    /// <summary>
    /// The series every index file of the call belongs to (KOSPI, KOSDAQ, ...), instead of the one read from the file
    /// name; null: from the file name (a known index with any suffix, e.g. index_KOSDAQ_2025-07_onward.csv.gz is KOSDAQ).
    /// Ignored for stock files.
    /// </summary>
    public string? IndexName { get; init; }
}
