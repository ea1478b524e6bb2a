namespace Kosmo.Data.Download;

/// <summary>
/// A download failed in a way the user must act on (a file the server does not have, retries exhausted, a file
/// damaged twice, a rejected request). The message says what happened and what to do; it never holds a key.
/// </summary>
public class DownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DownloadException()
    {
    }

    /// <summary>Creates the exception with a message for people.</summary>
    public DownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for people and its cause.</summary>
    public DownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
