namespace Kosmo.Data.Download;

/// <summary>What <see cref="MarcapDownloader"/> fetches: years, the folder, the mirror.</summary>
public sealed record MarcapDownloadRequest
{
    /// <summary>FinanceData/marcap's data folder on GitHub (files <c>marcap-YYYY.parquet</c> / <c>marcap-YYYY.csv.gz</c>).</summary>
    public const string DefaultBaseUrl = "https://github.com/FinanceData/marcap/raw/master/data";

    /// <summary>The years to fetch, ascending.</summary>
    public required IReadOnlyList<int> Years { get; init; }

    /// <summary>The download folder (files and the manifest live here).</summary>
    public required string Dir { get; init; }

    /// <summary>The folder URL; files are fetched as <c>BASE/marcap-YYYY.parquet</c>, then <c>BASE/marcap-YYYY.csv.gz</c>.</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>The current year: its file (and any later one) is always re-checked with the server.</summary>
    public int CurrentYear { get; init; } = DateTime.UtcNow.Year;

    /// <summary>The URL of a year's file with the given extension (<c>parquet</c> or <c>csv.gz</c>).</summary>
    public Uri Url(int year, string extension) => new($"{BaseUrl.TrimEnd('/')}/{MarcapDownloader.FileName(year, extension)}");
}
