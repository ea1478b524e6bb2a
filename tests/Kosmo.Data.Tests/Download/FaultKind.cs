namespace Kosmo.Data.Tests.Download;

/// <summary>What a <see cref="ServerFault"/> does to one request.</summary>
public enum FaultKind
{
    /// <summary>Answer with the fault's status code (and Retry-After when set) and a short body.</summary>
    Status,

    /// <summary>Announce the full length, send half the bytes, then drop the connection.</summary>
    CloseHalfway,

    /// <summary>Say nothing for 1.5 s (longer than the tests' stall timeout), then drop the connection.</summary>
    Stall,

    /// <summary>Answer 200 with only the first half of the bytes and a matching Content-Length (looks complete).</summary>
    Truncate,
}
