namespace Kosmo.Models.Boosting;

/// <summary>
/// The LightGBM native library (lib_lightgbm.so of the LightGBM NuGet package, or the file named by
/// <c>KOSMO_LIGHTGBM_LIBRARY</c>) could not be loaded or lacks a C API entry point. The message says which file
/// was tried and what to do; the CLI maps it to exit code 4 (a needed input is missing).
/// </summary>
public sealed class LightGbmUnavailableException : Exception
{
    /// <summary>Creates the exception with a message for people.</summary>
    public LightGbmUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the loader's error.</summary>
    public LightGbmUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public LightGbmUnavailableException()
        : base("The LightGBM native library could not be loaded.")
    {
    }
}
