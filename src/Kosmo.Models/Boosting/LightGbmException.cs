namespace Kosmo.Models.Boosting;

/// <summary>A LightGBM C API call failed; the message carries the call and LightGBM's own error text (LGBM_GetLastError).</summary>
public sealed class LightGbmException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public LightGbmException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LightGbmException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public LightGbmException()
        : base("A LightGBM call failed.")
    {
    }
}
