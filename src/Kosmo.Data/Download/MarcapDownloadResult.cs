namespace Kosmo.Data.Download;

/// <summary>What a marcap download did.</summary>
/// <param name="Years">One entry per year, ascending; each names the local file.</param>
/// <param name="Requests">HTTP requests made (every try counts).</param>
/// <param name="Bytes">Bytes transferred.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record MarcapDownloadResult(IReadOnlyList<MarcapYearResult> Years, int Requests, long Bytes, double Seconds)
{
    /// <summary>Years whose file was (re)fetched in this call.</summary>
    public int Fetched => Years.Count(y => y.Fetch.Status == FetchStatus.Downloaded);
}
