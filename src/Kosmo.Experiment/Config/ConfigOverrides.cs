using Kosmo.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Experiment.Config;

/// <summary>
/// <c>kosmo run --set KEY.PATH=VALUE</c>: settings applied over the config file's YAML before it is bound, so they
/// pass the same validation as the file (unknown keys, ranges, allowed values). VALUE is read as YAML: a plain value
/// (<c>model.max_train_samples=all</c>) or a flow list (<c>baselines=[logistic, lightgbm]</c>). An error about an
/// overridden key is named <c>--set</c> instead of a line of the file. The sweep cannot be overridden.
/// </summary>
internal static class ConfigOverrides
{
    /// <summary>The source name of errors about overridden keys.</summary>
    public const string Source = "--set";

    /// <summary>Parses <c>KEY.PATH=VALUE</c> settings (later ones win for the same key).</summary>
    /// <exception cref="ConfigException">A setting without '=', an empty or malformed key path, a sweep key, or a value that is not YAML.</exception>
    public static IReadOnlyList<(string Path, YamlNode Value)> Parse(IReadOnlyList<string> settings)
    {
        var result = new List<(string, YamlNode)>();
        foreach (var setting in settings)
        {
            var eq = setting.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigException(Source, 0, "", $"--set '{DataValidationException.Clip(setting)}': expected KEY.PATH=VALUE, e.g. model.max_train_samples=25000");
            }

            var path = setting[..eq].Trim();
            var parts = path.Split('.');
            if (parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
            {
                throw new ConfigException(Source, 0, path, $"--set '{DataValidationException.Clip(path)}': a key path is lower-case names joined by dots, e.g. features.lookback");
            }

            if (parts[0] == "sweep")
            {
                throw new ConfigException(Source, 0, path, "--set cannot change the sweep; edit the config's sweep: block");
            }

            result.Add((path, Value(path, setting[(eq + 1)..])));
        }

        return result;
    }

    /// <summary>Sets each value in the YAML tree (creating missing sections) and forgets the file lines of the keys it replaces.</summary>
    /// <exception cref="DataValidationException">A key path runs through a plain value.</exception>
    public static void Apply(YamlMappingNode root, IReadOnlyList<(string Path, YamlNode Value)> settings, Dictionary<string, int>? lines)
    {
        foreach (var (path, value) in settings)
        {
            var parts = path.Split('.');
            var node = ConfigYaml.ParentOf(root, parts, i => new DataValidationException(Source, 0, path, $"--set {path}: '{string.Join('.', parts[..(i + 1)])}' is a value, not a section"));
            node.Children[new YamlScalarNode(parts[^1])] = value;
            if (lines is not null)
            {
                foreach (var k in lines.Keys.Where(k => k == path || k.StartsWith(path + ".", StringComparison.Ordinal)).ToList())
                {
                    lines.Remove(k);
                }
            }
        }
    }

    /// <summary>An error about an overridden key (or one inside it) is reported against <c>--set</c>, line 0.</summary>
    public static DataValidationException Locate(DataValidationException e, IReadOnlyList<(string Path, YamlNode Value)> settings) =>
        e.File != Source && settings.Any(s => e.Column == s.Path || e.Column.StartsWith(s.Path + ".", StringComparison.Ordinal))
            ? new DataValidationException(Source, 0, e.Column, e.Problem)
            : e;

    private static YamlNode Value(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader("v: " + text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(Source, 0, path, $"--set {path}: the value is not valid YAML ({e.Message})");
        }

        var node = ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        return node is YamlMappingNode ? throw new ConfigException(Source, 0, path, $"--set {path}: set the keys of a section one by one") : node;
    }
}
