using Kosmo.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Kosmo.Experiment.Config;

/// <summary>
/// The whole experiment in one YAML file: data, universe, features, labels, split, model, baselines, backtest,
/// seed and threads, plus an optional <c>sweep:</c> of dotted key paths to value lists. Unknown keys and bad values
/// fail fast with the file, line, key path and reason (<see cref="DataValidationException"/>).
/// </summary>
internal sealed record ExperimentConfig
{
    public string Name { get; init; } = "default";
    public int Seed { get; init; } = 42;
    public int Threads { get; init; } = 2;
    public DataConfig Data { get; init; } = new();
    public UniverseConfig Universe { get; init; } = new();
    public FeaturesConfig Features { get; init; } = new();
    public LabelsConfig Labels { get; init; } = new();
    public SplitConfig Split { get; init; } = new();
    public ModelConfig Model { get; init; } = new();
    public IReadOnlyList<string> Baselines { get; init; } = DefaultBaselines;
    public Kosmo.Backtest.BacktestSettings Backtest { get; init; } = new();

    /// <summary>The optional out-of-time test (<c>oot:</c>); null = none. Omitted from RUN/config.yaml when null.</summary>
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
    public OotConfig? Oot { get; init; }

    /// <summary>The sweep values of this variant (dotted path → value), empty when the config has no sweep.</summary>
    public IReadOnlyDictionary<string, string> SweepPoint { get; init; } = new Dictionary<string, string>();

    public static readonly IReadOnlyList<string> KnownBaselines =
        ["momentum_12_1", "momentum_20d", "logistic", "mlp", "lstm", "transformer", "cnn_lstm", "unet", "vae", "regime_experts", "wavelet_groups", "lstm_reptile", "lstm_fomaml", "lightgbm"];

    /// <summary>Without a <c>baselines:</c> key: the cheap baselines only (the model zoo is opt-in).</summary>
    private static readonly IReadOnlyList<string> DefaultBaselines = ["momentum_12_1", "momentum_20d", "logistic", "mlp", "lstm", "transformer"];

    /// <summary>The default of <see cref="MaxCells"/> (config key <c>max_cells</c>, flag <c>--max-cells</c>).</summary>
    public const int DefaultMaxCells = 1000;

    /// <summary>
    /// The largest plan a run accepts, in cells: (sweep trials + baselines) × folds. A larger plan is refused before
    /// anything is expanded or allocated (config key <c>max_cells</c>, overridden by <c>kosmo run --max-cells</c>).
    /// </summary>
    [YamlIgnore]
    public int MaxCells { get; init; } = DefaultMaxCells;

    /// <summary>The config file this was read from (for located errors found after reading, e.g. test years outside the data).</summary>
    [YamlIgnore]
    public string SourceFile { get; init; } = "(defaults)";

    /// <summary>The 1-based line of each dotted key path of the config file (empty for defaults).</summary>
    [YamlIgnore]
    public IReadOnlyDictionary<string, int> Lines { get; init; } = new Dictionary<string, int>();

    /// <summary>The line of a dotted key path in <see cref="SourceFile"/>, 0 when the key is not in the file.</summary>
    public int LineOf(string keyPath) => Lines.GetValueOrDefault(keyPath);

    /// <summary>Reads a config file; returns one config per sweep point (one when there is no sweep).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ConfigException">Unknown key, bad value, bad YAML or a plan above max_cells (file, line, key path, reason).</exception>
    /// <param name="path">The YAML file.</param>
    /// <param name="maxCells">Overrides the config's <c>max_cells</c>.</param>
    /// <param name="cancel">Checked between sweep trials.</param>
    /// <param name="overrides"><c>KEY.PATH=VALUE</c> settings (<c>kosmo run --set</c>) applied over the file before binding.</param>
    public static IReadOnlyList<ExperimentConfig> Load(string path, int? maxCells = null, IReadOnlyList<string>? overrides = null, CancellationToken cancel = default)
    {
        if (Directory.Exists(path))
        {
            throw new ConfigException(path, 0, "", "is a folder; --config must name a YAML file");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"config file not found: {path}", path);
        }

        return Parse(File.ReadAllText(path), path, maxCells, overrides, cancel);
    }

    /// <summary>Reads a run folder's resolved config.yaml: one config per sweep trial (YAML documents separated by <c>---</c>).</summary>
    /// <exception cref="ConfigException">A document does not bind.</exception>
    public static IReadOnlyList<ExperimentConfig> ParseRunConfig(string path)
    {
        var documents = System.Text.RegularExpressions.Regex.Split(File.ReadAllText(path).ReplaceLineEndings("\n"), "(?m)^---[ \t]*\n");
        return [.. documents.Where(d => d.Trim().Length > 0).Select(d => Parse(d, path)[0])];
    }

    /// <summary>Parses YAML text (see <see cref="Load"/>). The sweep is counted first and expanded lazily, trial by trial.</summary>
    /// <param name="yaml">The config text.</param>
    /// <param name="fileName">Its file name, for messages.</param>
    /// <param name="maxCells">Overrides the config's <c>max_cells</c>.</param>
    /// <param name="cancel">Checked between trials (Ctrl-C during a long expansion).</param>
    /// <param name="overrides">See <see cref="Load"/>.</param>
    /// <exception cref="ConfigException">See <see cref="Load"/>; a bad override is named as <c>--set</c>.</exception>
    public static IReadOnlyList<ExperimentConfig> Parse(string yaml, string fileName, int? maxCells = null, IReadOnlyList<string>? overrides = null, CancellationToken cancel = default)
    {
        var settings = ConfigOverrides.Parse(overrides ?? []);
        try
        {
            var root = ConfigYaml.ParseRoot(yaml, fileName);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            ConfigYaml.CollectLines(root, "", lines);
            ConfigOverrides.Apply(root, settings, lines);
            var limit = maxCells ?? ConfigSweep.ReadMaxCells(root, fileName);
            var sweep = ConfigSweep.ReadSweep(root, fileName);
            ConfigSweep.CheckPlanSize(root, fileName, sweep, limit, lines, maxCells is not null, DefaultBaselines.Count);
            if (sweep.Count == 0)
            {
                return [Bind(root, fileName, new Dictionary<string, string>(), lines) with { MaxCells = limit, SourceFile = fileName, Lines = lines }];
            }

            var variants = new List<ExperimentConfig>();
            foreach (var point in ConfigSweep.Cartesian(sweep))
            {
                cancel.ThrowIfCancellationRequested();
                var copy = ConfigYaml.ParseRoot(yaml, fileName);
                ConfigOverrides.Apply(copy, settings, null);
                copy.Children.Remove(new YamlScalarNode("sweep"));
                foreach (var (path, value) in point)
                {
                    ConfigSweep.SetPath(copy, path, value);
                }

                variants.Add(Bind(copy, fileName, point, lines) with { MaxCells = limit, SourceFile = fileName, Lines = lines });
            }

            return variants;
        }
        catch (DataValidationException e)
        {
            throw ConfigException.From(ConfigOverrides.Locate(e, settings));
        }
    }

    /// <summary>The message of a plan above the limit: the count, the limit and how to raise it.</summary>
    public static string PlanTooLarge(string count, int limit, bool fromFlag) =>
        FormattableString.Invariant($"the plan has {count}, above the limit of {limit:N0} cells{(fromFlag ? " (--max-cells)" : "")}; shrink the sweep, or raise the limit with 'max_cells: N' in the config or 'kosmo run --max-cells N'");

    /// <summary>The resolved config as YAML (every value explicit), as written to RUN/config.yaml.</summary>
    public string ToYaml()
    {
        var builder = new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .WithTypeConverter(new DateOnlyYamlConverter())
            .DisableAliases();
        foreach (var member in LightGbmConfig.NotKeys)
        {
            builder.WithAttributeOverride(typeof(Kosmo.Models.Boosting.LightGbmOptions), member, new YamlIgnoreAttribute());
        }

        return builder.Build().Serialize(this);
    }

    private static ExperimentConfig Bind(YamlMappingNode root, string file, Dictionary<string, string> point, IReadOnlyDictionary<string, int> sweepLines)
    {
        var s = new YamlSection(file, "", root);
        var config = new ExperimentConfig
        {
            Name = RunName(s),
            Seed = s.Int("seed", 42),
            Threads = s.Int("threads", 2, 1, 256),
            Data = DataConfig.Read(s.Section("data")),
            Universe = UniverseConfig.Read(s.Section("universe")),
            Features = FeaturesConfig.Read(s.Section("features")),
            Labels = LabelsConfig.Read(s.Section("labels")),
            Split = SplitConfig.Read(s.Section("split")),
            Model = ModelConfig.Read(s.Section("model")),
            Baselines = s.Strings("baselines", DefaultBaselines, [.. KnownBaselines]),
            MaxCells = s.Int("max_cells", DefaultMaxCells, 1),
            Backtest = BacktestConfig.Read(s.Section("backtest")),
            Oot = OotConfig.Read(s),
            SweepPoint = point,
        };
        s.Section("sweep");
        var recorded = s.Section(KeyApplicability.ResolvedMarker).Scalars();
        config = point.Count > 0 || recorded.Count == 0 ? config : config with { SweepPoint = recorded };
        s.EnsureNoUnknownKeys();
        var model = s.Section("model");
        if (config.Model.Hidden % config.Model.Heads != 0)
        {
            throw new DataValidationException(file, model.LineOf(model.Has("heads") ? "heads" : "hidden"), "model.heads", $"model.heads: {config.Model.Heads} must divide model.hidden ({config.Model.Hidden})");
        }

        var split = s.Section("split");
        if (config.Split.FirstTestYear is { } first && config.Split.LastTestYear is { } last && last < first)
        {
            throw new DataValidationException(file, split.LineOf("last_test_year"), "split.last_test_year", $"split.last_test_year: {last} is before split.first_test_year {first}");
        }

        if (config.Labels.Classes != 3 && config.Model.Ensemble)
        {
            throw new UnsupportedConfigException(file, "model.ensemble",
                $"model.ensemble: the causal ensembles combine and temperature-scale three-class probabilities; with labels.classes: {config.Labels.Classes} set model.ensemble: false");
        }

        if (config.Labels.Meta && config.Labels.MetaPrimary != config.Model.Name && !config.Baselines.Contains(config.Labels.MetaPrimary))
        {
            throw new UnsupportedConfigException(file, "labels.meta_primary",
                $"labels.meta_primary: '{config.Labels.MetaPrimary}' is neither model.name ({config.Model.Name}) nor in baselines ({string.Join(", ", config.Baselines)}); the primary must be a model of the run");
        }

        if (s.Has("baselines") && config.Baselines.Count == 0)
        {
            throw new DataValidationException(file, s.LineOf("baselines"), "baselines",
                "baselines: the list is empty; name at least one (e.g. [momentum_12_1]) or leave the key out for the default set");
        }

        config = SchemeChecks.Apply(config, s);
        var written = KeyApplicability.Written(root);
        var resolved = written.ContainsKey(KeyApplicability.ResolvedMarker);
        KeyApplicability.Check(config, written, resolved, file, sweepLines);
        if (!resolved)
        {
            KeyApplicability.CheckSweep(config, file, sweepLines); // a resolved trial's sweep_point records a sweep checked when it ran
        }

        return config;
    }

    /// <summary><c>name:</c> a plain name (the default run folder is runs/NAME), never a path.</summary>
    private static string RunName(YamlSection s)
    {
        var name = s.String("name", "default");
        if (!s.Has("name"))
        {
            return name;
        }

        var problem = name.Trim().Length == 0 ? "is empty"
            : name.IndexOfAny(['/', '\\', ':']) >= 0 || Path.IsPathRooted(name) ? "is a path; it must be a plain name (no '/', '\\' or ':'); put the folder in --out instead"
            : name is "." or ".." ? "must be a name, not '.' or '..'"
            : name.Any(char.IsControl) ? "holds control characters"
            : null;
        return problem is null ? name : throw new DataValidationException(s.File, s.LineOf("name"), "name", $"name: '{name}' {problem}");
    }
}
