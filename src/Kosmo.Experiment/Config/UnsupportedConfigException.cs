namespace Kosmo.Experiment.Config;

/// <summary>
/// A config combination that is valid key by key but cannot be honoured (e.g. <c>labels.target: excess</c> with a
/// method it does not apply to). Commands exit 2 (usage) with the message, which starts with the key path, rather
/// than run something other than what the config says.
/// </summary>
internal sealed class UnsupportedConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The config file.</param>
    /// <param name="keyPath">The dotted key path (e.g. labels.target).</param>
    /// <param name="problem">What cannot be done and why, starting with the key path.</param>
    public UnsupportedConfigException(string file, string keyPath, string problem)
        : base($"{file}: {problem}")
    {
        KeyPath = keyPath;
    }

    /// <summary>The dotted key path.</summary>
    public string KeyPath { get; }
}
