using Kosmo.Core;

namespace Kosmo.Experiment.Config;

/// <summary>
/// A bad experiment config (exit 2): the file, the 1-based line (0 when unknown), the dotted key path and the problem,
/// formatted like <see cref="DataValidationException"/>.
/// </summary>
internal sealed class ConfigException(string file, long line, string key, string problem)
    : Exception(new DataValidationException(file, line, key, problem).Message)
{
    /// <summary>The config file.</summary>
    public string File { get; } = file;

    /// <summary>1-based line, 0 when unknown.</summary>
    public long Line { get; } = line;

    /// <summary>The dotted key path, or empty.</summary>
    public string Key { get; } = key;

    /// <summary>From a validation error raised while reading the config.</summary>
    public static ConfigException From(DataValidationException e) => new(e.File, e.Line, e.Column, e.Problem);
}
