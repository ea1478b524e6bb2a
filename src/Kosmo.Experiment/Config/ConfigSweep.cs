using System.Globalization;
using Kosmo.Core;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Experiment.Config;

/// <summary>
/// The <c>sweep:</c> of a config and the plan's size: the axes, their points one at a time, a point set into the YAML
/// tree, and the <c>max_cells</c> limit checked from counts alone before anything is expanded.
/// </summary>
internal static class ConfigSweep
{
    /// <summary><c>max_cells:</c> read before binding (it bounds the sweep's expansion); the default when absent.</summary>
    /// <exception cref="DataValidationException">Not a whole number &gt;= 1.</exception>
    public static int ReadMaxCells(YamlMappingNode root, string file)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("max_cells"), out var node))
        {
            return ExperimentConfig.DefaultMaxCells;
        }

        return node is YamlScalarNode { Value: { } text } && int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 1
            ? v
            : throw new DataValidationException(file, node.Start.Line, "max_cells", $"max_cells: '{(node as YamlScalarNode)?.Value}' is not a whole number >= 1");
    }

    /// <summary>
    /// Refuses a plan above the limit from counts alone: trials = the product of the sweep's list lengths, plus the
    /// baselines, times at least one fold (the exact fold count is checked again once the data is known).
    /// </summary>
    public static void CheckPlanSize(YamlMappingNode root, string file, List<(string Path, List<string> Values)> sweep, int limit, Dictionary<string, int> lines, bool fromFlag, int defaultBaselines)
    {
        var trials = 1.0;
        foreach (var (_, values) in sweep)
        {
            trials *= values.Count;
        }

        var baselines = 0;
        if (root.Children.TryGetValue(new YamlScalarNode("baselines"), out var b))
        {
            baselines = b is YamlSequenceNode seq ? seq.Children.Count : 1;
        }
        else
        {
            baselines = defaultBaselines;
        }

        var cells = trials + baselines;
        if (cells > limit)
        {
            throw new DataValidationException(file, sweep.Count > 0 ? lines.GetValueOrDefault("sweep") : 0, "sweep",
                ExperimentConfig.PlanTooLarge(FormattableString.Invariant($"{trials:N0} sweep trials ({string.Join(" x ", sweep.Select(a => a.Values.Count))}) + {baselines} baselines = {cells:N0} models, at least {cells:N0} cells"), limit, fromFlag));
        }
    }

    /// <summary>The <c>sweep:</c> axes (dotted model.* key path, its values), in file order; empty without a sweep.</summary>
    /// <exception cref="DataValidationException">A sweep that is no mapping, a key outside model.*, or a value list that is empty or not plain.</exception>
    public static List<(string Path, List<string> Values)> ReadSweep(YamlMappingNode root, string file)
    {
        var result = new List<(string, List<string>)>();
        if (!root.Children.TryGetValue(new YamlScalarNode("sweep"), out var node))
        {
            return result;
        }

        if (node is not YamlMappingNode map)
        {
            throw new DataValidationException(file, node.Start.Line, "sweep", "sweep: must map dotted key paths to value lists, e.g. model.hidden: [32, 64]");
        }

        foreach (var (k, v) in map.Children)
        {
            var path = ((YamlScalarNode)k).Value ?? "";
            if (!path.StartsWith("model.", StringComparison.Ordinal))
            {
                throw new DataValidationException(file, k.Start.Line, "sweep." + path, $"sweep.{path}: only model.* keys can be swept (data, labels and splits are shared by every trial)");
            }

            var values = v is YamlSequenceNode seq
                ? seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new DataValidationException(file, c.Start.Line, "sweep." + path, $"sweep.{path}: values must be plain")).ToList()
                : throw new DataValidationException(file, v.Start.Line, "sweep." + path, $"sweep.{path}: must be a list of values");
            if (values.Count == 0)
            {
                throw new DataValidationException(file, v.Start.Line, "sweep." + path, $"sweep.{path}: the list is empty");
            }

            result.Add((path, values));
        }

        return result;
    }

    /// <summary>The sweep points one at a time (an odometer over the axes: nothing is materialised ahead).</summary>
    public static IEnumerable<Dictionary<string, string>> Cartesian(List<(string Path, List<string> Values)> axes)
    {
        var index = new int[axes.Count];
        while (true)
        {
            var point = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var a = 0; a < axes.Count; a++)
            {
                point[axes[a].Path] = axes[a].Values[index[a]];
            }

            yield return point;
            var k = axes.Count - 1;
            while (k >= 0 && ++index[k] == axes[k].Values.Count)
            {
                index[k] = 0;
                k--;
            }

            if (k < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>Sets a swept key path to one of its values.</summary>
    /// <exception cref="DataValidationException">The path runs through a plain value.</exception>
    public static void SetPath(YamlMappingNode root, string path, string value)
    {
        var parts = path.Split('.');
        var node = ConfigYaml.ParentOf(root, parts, i => new DataValidationException("", 0, "sweep." + path, $"sweep.{path}: '{parts[i]}' is not a section"));
        node.Children[new YamlScalarNode(parts[^1])] = new YamlScalarNode(value);
    }
}
