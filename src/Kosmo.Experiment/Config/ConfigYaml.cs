using Kosmo.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Experiment.Config;

/// <summary>The YAML tree of a config file: parsing, the line of each key path, and walking a dotted path.</summary>
internal static class ConfigYaml
{
    /// <summary>The root mapping of a config text (empty when the text has no document).</summary>
    /// <exception cref="DataValidationException">Invalid YAML (a tab in the indentation named by its line), or a root that is no mapping.</exception>
    public static YamlMappingNode ParseRoot(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // YamlDotNet places a tab in the indentation at the start of the enclosing block: name the tab's own line.
            var lines = yaml.ReplaceLineEndings("\n").Split('\n');
            var tab = Array.FindIndex(lines, l => l.Length > l.TrimStart(' ', '\t').Length && l[..(l.Length - l.TrimStart(' ', '\t').Length)].Contains('\t', StringComparison.Ordinal));
            if (tab >= 0)
            {
                throw new DataValidationException(file, tab + 1, "", "invalid YAML: a tab in the indentation (YAML indents with spaces only)");
            }

            throw new DataValidationException(file, e.Start.Line, "", "invalid YAML: " + e.Message);
        }

        if (stream.Documents.Count == 0)
        {
            return [];
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new DataValidationException(file, stream.Documents[0].RootNode.Start.Line, "", "the config must be a mapping of sections (data:, model:, ...)");
    }

    /// <summary>Records the 1-based line of every dotted key path below <paramref name="node"/> (prefixed by <paramref name="prefix"/>).</summary>
    public static void CollectLines(YamlMappingNode node, string prefix, Dictionary<string, int> lines)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            var path = prefix.Length == 0 ? key : prefix + "." + key;
            lines[path] = (int)k.Start.Line;
            if (v is YamlMappingNode child)
            {
                CollectLines(child, path, lines);
            }
        }
    }

    /// <summary>
    /// The mapping that holds the last key of a dotted path (split into <paramref name="parts"/>), creating the missing
    /// sections on the way (<c>sweep:</c> points and <c>--set</c> overrides).
    /// </summary>
    /// <param name="root">The config's root mapping.</param>
    /// <param name="parts">The key path's names.</param>
    /// <param name="notASection">The error to throw when the path runs through part i, a plain value.</param>
    public static YamlMappingNode ParentOf(YamlMappingNode root, string[] parts, Func<int, Exception> notASection)
    {
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var key = new YamlScalarNode(parts[i]);
            if (!node.Children.TryGetValue(key, out var child))
            {
                child = new YamlMappingNode();
                node.Children.Add(key, child);
            }

            node = child as YamlMappingNode ?? throw notASection(i);
        }

        return node;
    }
}
