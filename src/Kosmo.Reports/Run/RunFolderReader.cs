using Kosmo.Core;
using Kosmo.Core.IO;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Reports.Run;

/// <summary>Loads a run folder into <see cref="RunData"/>; each file is optional and isolated (one bad file never stops the others).</summary>
internal static class RunFolderReader
{
    /// <exception cref="DirectoryNotFoundException">The run folder does not exist.</exception>
    public static RunData Load(string runDir)
    {
        if (!Directory.Exists(runDir))
        {
            throw new DirectoryNotFoundException($"Run folder not found: {runDir}");
        }

        var problems = new List<string>();
        var present = new Dictionary<string, bool>(StringComparer.Ordinal);

        T Read<T>(string file, Func<string, T> load, T fallback)
        {
            var path = Path.Combine(runDir, file);
            present[file] = File.Exists(path);
            if (!present[file])
            {
                return fallback;
            }

            try
            {
                return load(path);
            }
            catch (DataValidationException e)
            {
                problems.Add(Relative(e.Message, runDir));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException)
            {
                problems.Add($"{file}: {e.Message}");
            }

            return fallback;
        }

        var configText = Read<string?>(RunLayout.ConfigFile, File.ReadAllText, null);
        var config = configText is null ? [] : Read(RunLayout.ConfigFile, _ => FlattenYaml(configText), new List<(string, string)>());
        var metrics = Read(RunLayout.MetricsFile, MetricsFile.Load, MetricsFile.Empty);
        var benchmarks = metrics.Benchmarks.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        return new RunData
        {
            RunDir = runDir,
            ConfigText = configText,
            Config = config,
            Metrics = metrics,
            Equity = Read(RunLayout.EquityFile, p => RunFileParsers.Equity(p, benchmarks), []),
            Trades = Read(RunLayout.TradesFile, RunFileParsers.Trades, []),
            Predictions = Read(RunLayout.PredictionsFile, RunFileParsers.Predictions, []),
            Capacity = Read(RunLayout.CapacityFile, RunFileParsers.Capacity, []),
            Attention = Read(RunLayout.AttentionFile, RunFileParsers.Attention, []),
            Importance = Read(RunLayout.VariableImportanceFile, RunFileParsers.Importance, []),
            Training = Read(RunLayout.TrainingLogFile, RunFileParsers.Training, []),
            Present = present,
            Problems = problems,
        };
    }

    /// <summary>Leaves of a YAML document as (dotted key path, scalar text); sequences index as key[i].</summary>
    internal static List<(string Key, string Value)> FlattenYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var result = new List<(string, string)>();
        if (stream.Documents.Count > 0)
        {
            Walk(stream.Documents[0].RootNode, string.Empty, result);
        }

        return result;
    }

    private static void Walk(YamlNode node, string prefix, List<(string, string)> acc)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? k.ToString();
                    Walk(v, prefix.Length == 0 ? key : prefix + "." + key, acc);
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Walk(seq.Children[i], $"{prefix}[{i}]", acc);
                }

                break;
            case YamlScalarNode s:
                acc.Add((prefix, s.Value ?? string.Empty));
                break;
        }
    }

    private static string Relative(string message, string runDir) =>
        message.Replace(Path.GetFullPath(runDir).TrimEnd('/') + "/", string.Empty, StringComparison.Ordinal)
               .Replace(runDir.TrimEnd('/') + "/", string.Empty, StringComparison.Ordinal);
}
