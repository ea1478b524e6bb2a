using System.Text.RegularExpressions;
using Kosmo.Experiment.Config;
using Kosmo.Testing;

namespace Kosmo.Experiment.Tests.Config;

/// <summary>
/// docs/experiment.example.yaml against the binder: every key the binder reads is documented there (as a key or as a
/// commented key line), and every key documented there is one the binder reads. The binder's keys per section come
/// from its own unknown-key error ("known here: ..."), so a key added to a reader without documentation fails here.
/// </summary>
public sealed partial class ExampleConfigKeyTests
{
    /// <summary>The mappings of the config and a minimal YAML that reaches each (a probe key is added at its end).</summary>
    public static TheoryData<string, string> Sections => new()
    {
        { "", "" },
        { "data", "data:\n" },
        { "universe", "universe:\n" },
        { "features", "features:\n" },
        { "labels", "labels:\n" },
        { "split", "split:\n" },
        { "model", "model:\n" },
        { "model.lightgbm", "model:\n  lightgbm:\n" },
        { "backtest", "backtest:\n" },
        { "oot", "oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n" },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void Example_Should_DocumentExactlyTheKeysTheBinderReads_When_ASectionIsWalked(string section, string head)
    {
        // Given the keys the example documents directly under the section
        var documented = DocumentedKeys().Where(k => Parent(k) == section).Select(Leaf).ToHashSet();

        // When an unknown key is put into the section, the binder's error lists the keys it read there
        var depth = section.Length == 0 ? 0 : section.Split('.').Length;
        var yaml = head + new string(' ', 2 * depth) + "zz_probe: 1\n";
        var act = () => ExperimentConfig.Parse(yaml, "probe.yaml");
        var message = act.Should().Throw<ConfigException>().Which.Message;
        var known = KnownHere().Match(message);
        known.Success.Should().BeTrue(message);
        var bound = known.Groups[1].Value.Split(", ").Where(k => k.Length > 0).ToHashSet();

        // Then both lists are the same
        bound.Except(documented).Should().BeEmpty($"every key the binder reads under '{section}' is documented in docs/experiment.example.yaml");
        documented.Except(bound).Should().BeEmpty($"every key documented under '{section}' is read by the binder");
    }

    [Fact]
    public void Example_Should_Parse_When_ReadAsItIs()
    {
        var configs = ExperimentConfig.Load(Path.Combine(TestData.RepoRoot, "docs", "experiment.example.yaml"));

        configs.Should().ContainSingle().Which.Split.Scheme.Should().Be("walk_forward");
        DocumentedKeys().Should().Contain(["split.folds", "split.test_groups", "split.scheme", "oot.test_from", "sweep", "model.lightgbm.num_leaves"]);
    }

    /// <summary>
    /// Dotted key paths of the example: YAML keys, and commented key lines (a '#' at most 4 columns in, then the key;
    /// the commented line's indentation after the '#' places it, so "#   test_from:" under "# oot:" is oot.test_from).
    /// </summary>
    internal static HashSet<string> DocumentedKeys()
    {
        var stack = new List<(int Indent, string Key)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(TestData.RepoRoot, "docs", "experiment.example.yaml")))
        {
            int indent;
            string key;
            if (KeyLine().Match(line) is { Success: true } m)
            {
                (indent, key) = (m.Groups[1].Length, m.Groups[2].Value);
            }
            else if (CommentedKeyLine().Match(line) is { Success: true } c)
            {
                (indent, key) = (c.Groups[1].Length + Math.Max(0, c.Groups[2].Length - 1), c.Groups[3].Value);
            }
            else
            {
                continue;
            }

            stack.RemoveAll(s => s.Indent >= indent);
            keys.Add(string.Join('.', stack.Select(s => s.Key).Append(key)));
            stack.Add((indent, key));
        }

        return keys;
    }

    private static string Parent(string path) => path.Contains('.', StringComparison.Ordinal) ? path[..path.LastIndexOf('.')] : "";

    private static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..];

    [GeneratedRegex(@"^( *)([a-z][a-z0-9_]*):")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^( {0,4})#( *)([a-z][a-z0-9_]*):")]
    private static partial Regex CommentedKeyLine();

    [GeneratedRegex(@"known here: (.*)\)")]
    private static partial Regex KnownHere();
}
