namespace Kosmo.Data.Tests.Download;

/// <summary>One injected fault, consumed by the next request to its path.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Status">The status for <see cref="FaultKind.Status"/>.</param>
/// <param name="RetryAfterSeconds">A Retry-After header in seconds (0: none).</param>
public sealed record ServerFault(FaultKind Kind, int Status = 0, int RetryAfterSeconds = 0)
{
    /// <summary>An HTTP status answer.</summary>
    public static ServerFault Http(int status, int retryAfterSeconds = 0) => new(FaultKind.Status, status, retryAfterSeconds);

    /// <summary>The connection closed halfway through the body.</summary>
    public static ServerFault CloseHalfway { get; } = new(FaultKind.CloseHalfway);

    /// <summary>No answer for 1.5 s, then a dropped connection.</summary>
    public static ServerFault Stall { get; } = new(FaultKind.Stall);

    /// <summary>A truncated body with a correct-looking status and length.</summary>
    public static ServerFault Truncate { get; } = new(FaultKind.Truncate);
}
