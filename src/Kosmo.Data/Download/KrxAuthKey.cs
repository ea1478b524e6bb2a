namespace Kosmo.Data.Download;

/// <summary>
/// Finds the KRX Open API key: the file named by <c>--auth-key-file</c> when given, else the <c>KRX_AUTH_KEY</c>
/// environment variable. The key is sent only in the <c>AUTH_KEY</c> header; no message ever contains it.
/// </summary>
public static class KrxAuthKey
{
    /// <summary>The environment variable read.</summary>
    public const string EnvironmentVariable = "KRX_AUTH_KEY";

    /// <summary>What the user must do to get a working key (appended to every key error).</summary>
    public const string Advice =
        "Set KRX_AUTH_KEY to your KRX Open API key (or pass --auth-key-file FILE holding it). A key comes from " +
        "https://openapi.krx.co.kr (sign up, then apply for the services used: 유가증권/코스닥/코넥스 일별매매정보 and " +
        "KOSPI/KOSDAQ 시리즈 일별시세정보; approval can take a day). Nothing was imported.";

    /// <summary>Reads the key.</summary>
    /// <param name="keyFile">The <c>--auth-key-file</c> path, or null.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <exception cref="KrxAuthException">No key: the file is missing or empty, or the variable is unset.</exception>
    public static string Resolve(string? keyFile, Func<string, string?>? environment = null)
    {
        if (keyFile is not null)
        {
            if (!File.Exists(keyFile))
            {
                throw new KrxAuthException($"--auth-key-file {keyFile}: no such file. {Advice}");
            }

            var fromFile = File.ReadAllText(keyFile).Trim();
            return fromFile.Length > 0 ? fromFile : throw new KrxAuthException($"--auth-key-file {keyFile} is empty. {Advice}");
        }

        var value = (environment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable)?.Trim();
        return string.IsNullOrEmpty(value) ? throw new KrxAuthException($"no KRX Open API key: {EnvironmentVariable} is not set. {Advice}") : value;
    }
}
