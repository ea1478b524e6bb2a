using System.Globalization;
using Kosmo.Core;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Experiment.Config;

/// <summary>
/// Keys that only act under some other key's value (a label method, a split scheme, a strategy, the models of the run,
/// the data source, a fine-tune window). A key the user wrote where it has no effect is refused (exit 2, file, line,
/// key path and why) rather than accepted and ignored.
/// <para>
/// "Written" means present in the parsed YAML (the file, <c>--set</c>, or a sweep value), never a default the binder
/// filled in. A run folder's resolved <c>config.yaml</c> writes every key, so a document carrying <c>sweep_point:</c>
/// (which only <c>kosmo run</c> writes) is read as resolved: there an inapplicable key is accepted at its default value
/// (the writer's) and refused at any other value (an edit, or a value an older version ignored).
/// </para>
/// </summary>
internal static class KeyApplicability
{
    /// <summary>One conditional key: when it acts, its default in the given config, and why it does not act otherwise.</summary>
    /// <param name="Path">Dotted key path.</param>
    /// <param name="Applies">True when the key has an effect in the config.</param>
    /// <param name="AtDefault">True when the config holds the value the resolved writer writes by default.</param>
    /// <param name="Why">Why the key has no effect in the config (it does not apply).</param>
    internal sealed record Rule(string Path, Func<ExperimentConfig, bool> Applies, Func<ExperimentConfig, bool> AtDefault, Func<ExperimentConfig, string> Why);

    /// <summary>The marker key of a resolved run config (written by <c>kosmo run</c> into every RUN/config.yaml document).</summary>
    public const string ResolvedMarker = "sweep_point";

    private static readonly string[] Neural = ["tft_lite", "lstm", "transformer", "mlp", "cnn_lstm", "unet", "vae", "regime_experts", "wavelet_groups", "lstm_reptile", "lstm_fomaml"];
    private static readonly string[] MetaLearned = ["lstm_reptile", "lstm_fomaml"];
    private static readonly string[] WithHeads = ["tft_lite", "transformer", "regime_experts"];

    /// <summary>Every conditional key of the experiment config.</summary>
    public static IReadOnlyList<Rule> Rules { get; } = BuildRules();

    /// <summary>The models of a run: the main model, then the baselines.</summary>
    public static IEnumerable<string> RunModels(ExperimentConfig c) => c.Baselines.Prepend(c.Model.Name);

    /// <summary>The dotted paths of the keys present in a YAML tree (an empty or null value counts as absent), with their 1-based lines (0 for keys a sweep inserted).</summary>
    public static Dictionary<string, int> Written(YamlMappingNode root)
    {
        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        Walk(root, "", written);
        return written;
    }

    /// <summary>Refuses every written key that has no effect in <paramref name="config"/>.</summary>
    /// <param name="config">The bound config (after the scheme-dependent defaults).</param>
    /// <param name="written">Keys present in the YAML and their lines (<see cref="Written"/>).</param>
    /// <param name="resolved">A resolved run config: inapplicable keys at their default value are accepted.</param>
    /// <param name="file">The config file, for the message.</param>
    /// <param name="sweepLines">Lines of the sweep's keys (<c>sweep.model.heads</c>), for swept keys.</param>
    /// <exception cref="DataValidationException">The first written key without effect (file, line, key path, why).</exception>
    public static void Check(ExperimentConfig config, IReadOnlyDictionary<string, int> written, bool resolved, string file, IReadOnlyDictionary<string, int> sweepLines)
    {
        foreach (var rule in Rules)
        {
            if (!written.TryGetValue(rule.Path, out var line) || rule.Applies(config) || (resolved && rule.AtDefault(config)))
            {
                continue;
            }

            var swept = !resolved && config.SweepPoint.ContainsKey(rule.Path);
            line = line > 0 ? line : sweepLines.GetValueOrDefault("sweep." + rule.Path);
            var edited = resolved ? "; this resolved config holds a value other than the default the run writes, so it was edited or written by a version that ignored it" : "";
            throw new DataValidationException(file, line, swept ? "sweep." + rule.Path : rule.Path,
                $"{(swept ? "sweep." : "")}{rule.Path}: has no effect here: {rule.Why(config)}{edited}; remove it");
        }
    }

    /// <summary>
    /// The sweep keys that change nothing between trials: the baselines and the run-level steps read trial 0's
    /// <c>model:</c> section, so a swept key must act on the main model (<c>model.name</c> of the trial).
    /// </summary>
    /// <exception cref="DataValidationException">A swept key that does not act on the trial's main model.</exception>
    public static void CheckSweep(ExperimentConfig trial, string file, IReadOnlyDictionary<string, int> sweepLines)
    {
        foreach (var path in trial.SweepPoint.Keys)
        {
            var main = trial.Model.Name;
            var why = path switch
            {
                "model.name" or "model.max_train_samples" => null,
                "model.ensemble" => "the ensembles are built once per run from the first trial's setting",
                _ when path.StartsWith("model.lightgbm.", StringComparison.Ordinal) => "model.lightgbm configures the lightgbm baseline, which trains once per fold with the first trial's settings (only the main model is swept)",
                "model.heads" when !WithHeads.Contains(main) => $"the main model {main} has no attention heads (baselines train once, with the first trial's settings)",
                "model.weight_decay" or "model.warmup_steps" or "model.patience" or "model.data_parallel" or "model.precision" when !Neural.Contains(main) || MetaLearned.Contains(main) =>
                    $"the main model {main} is not trained by the neural trainer (baselines train once, with the first trial's settings)",
                _ when !Neural.Contains(main) => $"the main model {main} is not a neural network (baselines train once, with the first trial's settings)",
                _ => null,
            };
            if (why is not null)
            {
                throw new DataValidationException(file, sweepLines.GetValueOrDefault("sweep." + path), "sweep." + path, $"sweep.{path}: has no effect here: {why}; remove it from the sweep");
            }
        }
    }

    private static void Walk(YamlMappingNode node, string prefix, Dictionary<string, int> written)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (v is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                continue;
            }

            written[path] = (int)k.Start.Line;
            if (v is YamlMappingNode child)
            {
                Walk(child, path, written);
            }
        }
    }

    private static List<Rule> BuildRules()
    {
        var rules = new List<Rule>();
        rules.AddRange(KeyRules.Data());
        rules.AddRange(KeyRules.Features());
        rules.AddRange(KeyRules.Labels());
        rules.AddRange(KeyRules.Split());
        rules.AddRange(KeyRules.Model(Neural, MetaLearned, WithHeads));
        rules.AddRange(KeyRules.Backtest());
        rules.AddRange(KeyRules.Oot());
        return rules;
    }

    /// <summary>A number as the config writes it.</summary>
    internal static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
}
