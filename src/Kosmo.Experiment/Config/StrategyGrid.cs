using Kosmo.Backtest;
using Kosmo.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Experiment.Config;

/// <summary>
/// The strategy configurations one <c>kosmo backtest</c> call runs. Each is the run's own <c>backtest:</c> section
/// with some keys overridden, so frictions and account stay those of the run unless a configuration changes them.
/// A strategies file looks like:
/// <code>
/// models: [tft_lite, logistic]      # optional; default every model in predictions.csv
/// extra_trials: 12                  # configurations tried in earlier calls, counted by the deflated Sharpe ratio
/// strategies:
///   hyst_20_60: { strategy: topk_hysteresis, top_k: 20, exit_rank: 60 }
///   jt_20x1:    { strategy: overlapping, tranches: 20, rebalance_days: 1, no_trade_band: 0.005 }
/// </code>
/// Unknown keys fail with the file, line and key path (<c>strategies.hyst_20_60.exit_rnk</c>), and so does a strategy key
/// the configuration's strategy does not read (<c>{ strategy: topk, exit_rank: 60 }</c>).
/// </summary>
internal sealed record StrategyGrid
{
    /// <summary>Models to backtest; null = every model in predictions.csv.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Configurations tried before this call (added to the DSR's trial count).</summary>
    public int ExtraTrials { get; init; }

    /// <summary>Named configurations, in file order.</summary>
    public required IReadOnlyList<(string Name, BacktestSettings Config)> Strategies { get; init; }

    /// <summary>Reads a strategies file on top of the run's backtest section.</summary>
    /// <exception cref="DataValidationException">Bad YAML, an unknown key or a bad value (file, line, key path).</exception>
    public static StrategyGrid Load(string path, YamlMappingNode runBacktest)
    {
        if (!File.Exists(path)) { throw new FileNotFoundException($"strategies file '{path}' not found.", path); }
        var root = Parse(File.ReadAllText(path), path);
        var s = new YamlSection(path, "", root);
        var models = s.Has("models") ? s.Strings("models", []) : null;
        var extra = s.Int("extra_trials", 0, 0, 1_000_000);
        var list = new List<(string, BacktestSettings)>();
        if (!root.Children.TryGetValue(new YamlScalarNode("strategies"), out var node) || node is not YamlMappingNode map || map.Children.Count == 0)
        {
            throw new DataValidationException(path, root.Start.Line, "strategies", "strategies: must map names to backtest settings, e.g. hyst: { strategy: topk_hysteresis, exit_rank: 60 }");
        }

        foreach (var (k, _) in root.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? "";
            if (key is not ("models" or "extra_trials" or "strategies"))
            {
                throw new DataValidationException(path, k.Start.Line, key, $"unknown key '{key}' (known here: extra_trials, models, strategies)");
            }
        }

        foreach (var (k, v) in map.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? "";
            var overrides = v as YamlMappingNode ?? throw new DataValidationException(path, v.Start.Line, "strategies." + name, $"strategies.{name}: must be a mapping of backtest keys");
            foreach (var (key, _) in overrides.Children.Where(c => ((YamlScalarNode)c.Key).Value is "benchmarks" or "pbo_blocks"))
            {
                var text = ((YamlScalarNode)key).Value;
                throw new DataValidationException(path, key.Start.Line, $"strategies.{name}.{text}", $"strategies.{name}.{text}: applies to the whole call, not one configuration (it is the run's; change it with --set {text}=...)");
            }

            list.Add((name, Bind(path, "strategies." + name, runBacktest, overrides)));
        }

        return new StrategyGrid { Models = models, ExtraTrials = extra, Strategies = list };
    }

    /// <summary>One configuration: the run's section with <c>key=value</c> overrides (from <c>--set</c>).</summary>
    /// <exception cref="DataValidationException">A malformed pair, unknown key or bad value.</exception>
    public static StrategyGrid FromOverrides(YamlMappingNode runBacktest, IEnumerable<string> pairs, string name)
    {
        var overrides = new YamlMappingNode();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) { throw new DataValidationException("--set", 0, pair, $"--set {pair}: expected key=value (e.g. strategy=topk_hysteresis)"); }
            var key = pair[..eq].Trim();
            key = key.StartsWith("backtest.", StringComparison.Ordinal) ? key["backtest.".Length..] : key;
            overrides.Children[new YamlScalarNode(key)] = new YamlScalarNode(pair[(eq + 1)..].Trim());
        }

        return new StrategyGrid { Strategies = [(name, Bind("--set", "backtest", runBacktest, overrides))] };
    }

    /// <summary>The <c>backtest:</c> mapping of a resolved run config.yaml (empty when absent).</summary>
    /// <exception cref="DataValidationException">Bad YAML.</exception>
    public static YamlMappingNode RunSection(string configPath)
    {
        var root = Parse(File.ReadAllText(configPath), configPath);
        return root.Children.TryGetValue(new YamlScalarNode("backtest"), out var node) && node is YamlMappingNode m ? m : [];
    }

    private static BacktestSettings Bind(string file, string path, YamlMappingNode runBacktest, YamlMappingNode overrides)
    {
        // Validate the overrides alone first so errors point at the user's file and key path.
        var own = new YamlSection(file, path, overrides);
        BacktestConfig.ReadKeys(own);
        own.EnsureNoUnknownKeys();
        var merged = new YamlMappingNode();
        foreach (var (k, v) in runBacktest.Children) { merged.Children[k] = v; }
        foreach (var (k, v) in overrides.Children) { merged.Children[k] = v; }
        var all = new YamlSection(file, path, merged);
        var config = BacktestConfig.Read(all);
        all.EnsureNoUnknownKeys();
        foreach (var (k, _) in overrides.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? "";
            if (KeyRules.Strategy.FirstOrDefault(r => r.Key == key) is { Key: not null } rule && !rule.Strategies.Contains(config.Strategy))
            {
                throw new DataValidationException(file, k.Start.Line, $"{path}.{key}", $"{path}.{key}: has no effect here: {KeyRules.StrategyWhy(key, config.Strategy)}; remove it");
            }
        }

        return config;
    }

    private static YamlMappingNode Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new DataValidationException(file, e.Start.Line, "", "invalid YAML: " + e.Message);
        }

        return stream.Documents.Count == 0
            ? []
            : stream.Documents[0].RootNode as YamlMappingNode ?? throw new DataValidationException(file, 1, "", "must be a mapping");
    }
}
