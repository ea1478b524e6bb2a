namespace Kosmo.Data.Download;

/// <summary>How one file request ended.</summary>
public enum FetchStatus
{
    /// <summary>New bytes were fetched, verified and moved into place.</summary>
    Downloaded,

    /// <summary>The server said the local copy is current (HTTP 304).</summary>
    NotModified,

    /// <summary>The server does not have the file (HTTP 404 or 410).</summary>
    NotFound,

    /// <summary>The local copy was kept without asking the server (a past year with no validator to send).</summary>
    Skipped,
}
