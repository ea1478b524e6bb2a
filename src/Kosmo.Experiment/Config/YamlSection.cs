using System.Globalization;
using Kosmo.Core;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Experiment.Config;

/// <summary>
/// Reads one mapping of the experiment YAML with exact key paths in every error. Each key read is marked used;
/// <see cref="EnsureNoUnknownKeys"/> then rejects any key nobody read (typos fail fast, with the known keys listed).
/// </summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode? _node;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly List<YamlSection> _children = [];

    public YamlSection(string file, string path, YamlMappingNode? node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }

    public string Path { get; }

    public bool Has(string key) => Find(key) is not null;

    /// <summary>The 1-based line of <paramref name="key"/>'s value in this mapping, or of the mapping itself for an empty or absent key (0 when unknown).</summary>
    public int LineOf(string key)
    {
        var node = (key.Length > 0 ? Find(key) : null) ?? _node;
        return node is null ? 0 : (int)node.Start.Line;
    }

    /// <summary>A child mapping (empty when absent); fails when the key holds something else.</summary>
    public YamlSection Section(string key)
    {
        var value = Find(key);
        _used.Add(key);
        if (value is not null and not YamlMappingNode)
        {
            throw Error(key, value, "must be a mapping (key: value lines)");
        }

        var child = new YamlSection(File, Join(key), value as YamlMappingNode);
        _children.Add(child);
        return child;
    }

    public string String(string key, string fallback, params string[] allowed)
    {
        var node = Scalar(key);
        if (node is null)
        {
            if (allowed.Length > 0 && Find(key) is YamlScalarNode { Value: null or "" } empty)
            {
                throw Error(key, empty, $"is empty; it must be one of: {string.Join(", ", allowed)} (or leave the key out for the default '{fallback}')");
            }

            return fallback;
        }

        var text = node.Value ?? "";
        if (allowed.Length > 0 && !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw Error(key, node, $"'{text}' is not one of: {string.Join(", ", allowed)}");
        }

        return text;
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var node = Scalar(key);
        if (node is null)
        {
            return fallback;
        }

        if (!int.TryParse(node.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            throw Error(key, node, $"'{node.Value}' is not an integer");
        }

        return v < min || v > max ? throw Error(key, node, $"{v} is outside [{min}, {max}]") : v;
    }

    /// <summary>An integer, or the keyword (e.g. <c>all</c>) standing for <paramref name="keywordValue"/>.</summary>
    public int IntOrKeyword(string key, int fallback, string keyword, int keywordValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var node = Scalar(key);
        if (node is not null && string.Equals(node.Value, keyword, StringComparison.Ordinal))
        {
            return keywordValue;
        }

        if (node is not null && !int.TryParse(node.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            throw Error(key, node, $"'{node.Value}' is neither an integer nor '{keyword}'");
        }

        return Int(key, fallback, min, max);
    }

    public int? NullableInt(string key, int min = int.MinValue, int max = int.MaxValue) =>
        Scalar(key) is null ? null : Int(key, 0, min, max);

    public double Double(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var node = Scalar(key);
        if (node is null)
        {
            return fallback;
        }

        var text = (node.Value ?? "").Replace("_", "", StringComparison.Ordinal);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw Error(key, node, $"'{node.Value}' is not a number");
        }

        return v < min || v > max ? throw Error(key, node, $"{v.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]") : v;
    }

    public bool Bool(string key, bool fallback)
    {
        var node = Scalar(key);
        if (node is null)
        {
            return fallback;
        }

        return node.Value switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, node, $"'{node.Value}' is not true/false"),
        };
    }

    public DateOnly? Date(string key, DateOnly? fallback)
    {
        var node = Scalar(key);
        if (node is null || string.IsNullOrEmpty(node.Value) || node.Value == "null")
        {
            return fallback;
        }

        return DateOnly.TryParseExact(node.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw Error(key, node, $"'{node.Value}' is not a date (yyyy-MM-dd)");
    }

    public IReadOnlyList<string> Strings(string key, IReadOnlyList<string> fallback, params string[] allowed)
    {
        var value = Find(key);
        _used.Add(key);
        if (value is null)
        {
            return fallback;
        }

        if (value is YamlScalarNode single)
        {
            return Check([single]);
        }

        if (value is not YamlSequenceNode seq)
        {
            throw Error(key, value, "must be a list");
        }

        return Check(seq.Children.Select(c => c as YamlScalarNode ?? throw Error(key, c, "list items must be plain values")).ToList());

        IReadOnlyList<string> Check(List<YamlScalarNode> items)
        {
            foreach (var item in items)
            {
                if (allowed.Length > 0 && !allowed.Contains(item.Value ?? "", StringComparer.Ordinal))
                {
                    throw Error(key, item, $"'{item.Value}' is not one of: {string.Join(", ", allowed)}");
                }
            }

            return items.Select(i => i.Value ?? "").ToList();
        }
    }

    /// <summary>Every key of this mapping with its plain value (marked read); a key holding a list or mapping is an error.</summary>
    public IReadOnlyDictionary<string, string> Scalars()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_node is null)
        {
            return result;
        }

        foreach (var pair in _node.Children)
        {
            var key = ((YamlScalarNode)pair.Key).Value ?? "";
            result[key] = Scalar(key)?.Value ?? "";
        }

        return result;
    }

    /// <summary>Throws for any key in this mapping or its children that no reader asked for.</summary>
    public void EnsureNoUnknownKeys()
    {
        if (_node is not null)
        {
            foreach (var (keyNode, _) in _node.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                if (!_used.Contains(key))
                {
                    var known = string.Join(", ", _used.Order(StringComparer.Ordinal));
                    throw new DataValidationException(File, keyNode.Start.Line, Join(key), $"unknown key '{Join(key)}' (known here: {known})");
                }
            }
        }

        foreach (var child in _children)
        {
            child.EnsureNoUnknownKeys();
        }
    }

    public DataValidationException Error(string key, YamlNode node, string problem) =>
        new(File, node.Start.Line, Join(key), $"{Join(key)}: {problem}");

    private YamlScalarNode? Scalar(string key)
    {
        var value = Find(key);
        _used.Add(key);
        return value switch
        {
            null => null,
            YamlScalarNode s when s.Value is null or "" or "~" or "null" => null,
            YamlScalarNode s => s,
            _ => throw Error(key, value, "must be a single value"),
        };
    }

    private YamlNode? Find(string key)
    {
        if (_node is null)
        {
            return null;
        }

        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode s && s.Value == key)
            {
                return v;
            }
        }

        return null;
    }

    private string Join(string key) => Path.Length == 0 ? key : Path + "." + key;
}
