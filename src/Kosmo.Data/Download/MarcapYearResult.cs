namespace Kosmo.Data.Download;

/// <summary>What happened to one marcap year.</summary>
/// <param name="Year">The year.</param>
/// <param name="Fetch">The request that settled it (parquet, or the csv.gz fallback).</param>
public sealed record MarcapYearResult(int Year, FetchResult Fetch);
