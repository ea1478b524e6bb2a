namespace Kosmo.Data.Import;

/// <summary>What importing one file did. Serialised as JSON into <c>files.summary</c>.</summary>
public sealed record ImportSummary
{
    /// <summary>The input file.</summary>
    public required string Path { get; init; }

    /// <summary>SHA-256 of the file's bytes (lower-case hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>The recognised format.</summary>
    public required ImportFormat Format { get; init; }

    /// <summary>The source name (marcap, pykrx, fdr, yahoo, synthetic, csv).</summary>
    public required string Source { get; init; }

    /// <summary>True when a file with the same SHA-256 was already imported, so nothing was done.</summary>
    public bool AlreadyImported { get; init; }

    /// <summary>
    /// True when the file has a header but no data rows: nothing was written and the file is not recorded as imported
    /// (importing it again once it holds rows works).
    /// </summary>
    public bool NoRows { get; init; }

    /// <summary>Text encoding detected: utf-8 or cp949.</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>Data rows written (bars, index bars or stock rows).</summary>
    public long Rows { get; init; }

    /// <summary>Distinct codes in the file (0 for index files).</summary>
    public int Codes { get; init; }

    /// <summary>First date in the file (yyyymmdd key), 0 when none.</summary>
    public int FirstDate { get; init; }

    /// <summary>Last date in the file (yyyymmdd key), 0 when none.</summary>
    public int LastDate { get; init; }

    /// <summary>Rows flagged Halted (volume 0 or change code 0).</summary>
    public long HaltedRows { get; init; }

    /// <summary>Rows flagged Placeholder (a date on which every stock of the file has volume 0: a holiday row).</summary>
    public long PlaceholderRows { get; init; }

    /// <summary>Rows of this source whose close differs by more than 0.5% from another source's close on the same (code, date), within this file's date range.</summary>
    public long CrossSourceConflicts { get; init; }

    /// <summary>Documented repairs applied, by name, with row counts (see docs/notes/data-import.md).</summary>
    public IReadOnlyDictionary<string, long> Repairs { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Stored rows this file replaced: it is a newer version (same file name and source, other content) of a file imported
    /// before, and its rows took the place of that source's rows for the same (code, date), or the same index and date.
    /// </summary>
    public long ReplacedRows { get; init; }

    /// <summary>Wall time of the import in seconds.</summary>
    public double Seconds { get; init; }
}
