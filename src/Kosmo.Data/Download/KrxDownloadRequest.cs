namespace Kosmo.Data.Download;

/// <summary>What <see cref="KrxDownloader"/> fetches: a date range of daily stock and index pages.</summary>
public sealed record KrxDownloadRequest
{
    /// <summary>The KRX Open API host.</summary>
    public const string DefaultBaseUrl = "https://data-dbg.krx.co.kr";

    /// <summary>The first date (inclusive).</summary>
    public required DateOnly From { get; init; }

    /// <summary>The last date (inclusive).</summary>
    public required DateOnly To { get; init; }

    /// <summary>The folder the marcap-format and index CSV files are written to.</summary>
    public required string Dir { get; init; }

    /// <summary>The API key (sent in the <c>AUTH_KEY</c> header only).</summary>
    public required string AuthKey { get; init; }

    /// <summary>The API host; pages are <c>BASE/svc/apis/sto/stk_bydd_trd?basDd=YYYYMMDD</c> and so on.</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Hides the key from record printing.</summary>
    public override string ToString() => $"KRX {From:yyyy-MM-dd}..{To:yyyy-MM-dd} into {Dir} from {BaseUrl}";
}
