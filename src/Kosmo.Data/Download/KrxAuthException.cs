namespace Kosmo.Data.Download;

/// <summary>
/// The KRX Open API key is missing or was rejected (HTTP 400/401/403, or a <c>LOGOUT</c> body). The message says
/// what the user must do: set <c>KRX_AUTH_KEY</c> (or pass <c>--auth-key-file</c>) and apply for the API services.
/// </summary>
public sealed class KrxAuthException : DownloadException
{
    /// <summary>Creates the exception.</summary>
    public KrxAuthException()
    {
    }

    /// <summary>Creates the exception with a message for people.</summary>
    public KrxAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for people and its cause.</summary>
    public KrxAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
