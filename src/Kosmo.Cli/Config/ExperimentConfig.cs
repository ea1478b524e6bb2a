using System.Globalization;
using Kosmo.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Kosmo.Cli.Config;

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
    public BacktestConfig Backtest { get; init; } = new();

    /// <summary>The optional out-of-time test (<c>oot:</c>); null = none. Omitted from RUN/config.yaml when null.</summary>
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
    public OotConfig? Oot { get; init; }

    /// <summary>The sweep values of this variant (dotted path → value), empty when the config has no sweep.</summary>
    public IReadOnlyDictionary<string, string> SweepPoint { get; init; } = new Dictionary<string, string>();

    public static readonly IReadOnlyList<string> KnownBaselines =
        ["momentum_12_1", "momentum_20d", "logistic", "mlp", "lstm", "transformer", "cnn_lstm", "unet", "vae", "regime_experts", "wavelet_groups", "lstm_reptile", "lstm_fomaml", "lightgbm"];

    /// <summary>Without a <c>baselines:</c> key: the cheap baselines only (the model zoo is opt-in).</summary>
    private static readonly IReadOnlyList<string> DefaultBaselines = ["momentum_12_1", "momentum_20d", "logistic", "mlp", "lstm", "transformer"];

    /// <summary>Reads a config file; returns one config per sweep point (one when there is no sweep).</summary>
    /// <exception cref="DataValidationException">Unknown key, bad value or bad YAML (file, line, key path, reason).</exception>
    public static IReadOnlyList<ExperimentConfig> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataValidationException(path, 0, "", "config file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses YAML text (see <see cref="Load"/>).</summary>
    public static IReadOnlyList<ExperimentConfig> Parse(string yaml, string fileName)
    {
        var root = ParseRoot(yaml, fileName);
        var sweep = ReadSweep(root, fileName);
        if (sweep.Count == 0)
        {
            return [Bind(root, fileName, new Dictionary<string, string>())];
        }

        var variants = new List<ExperimentConfig>();
        foreach (var point in Cartesian(sweep))
        {
            var copy = ParseRoot(yaml, fileName);
            copy.Children.Remove(new YamlScalarNode("sweep"));
            foreach (var (path, value) in point)
            {
                SetPath(copy, path, value);
            }

            variants.Add(Bind(copy, fileName, point));
        }

        return variants;
    }

    /// <summary>The resolved config as YAML (every value explicit), as written to RUN/config.yaml.</summary>
    public string ToYaml()
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .WithTypeConverter(new DateOnlyYamlConverter())
            .DisableAliases()
            .Build();
        return serializer.Serialize(this);
    }

    private static ExperimentConfig Bind(YamlMappingNode root, string file, IReadOnlyDictionary<string, string> point)
    {
        var s = new YamlSection(file, "", root);
        var config = new ExperimentConfig
        {
            Name = s.String("name", "default"),
            Seed = s.Int("seed", 42),
            Threads = s.Int("threads", 2, 1, 256),
            Data = DataConfig.Read(s.Section("data")),
            Universe = UniverseConfig.Read(s.Section("universe")),
            Features = FeaturesConfig.Read(s.Section("features")),
            Labels = LabelsConfig.Read(s.Section("labels")),
            Split = SplitConfig.Read(s.Section("split")),
            Model = ModelConfig.Read(s.Section("model")),
            Baselines = s.Strings("baselines", DefaultBaselines, [.. KnownBaselines]),
            Backtest = BacktestConfig.Read(s.Section("backtest")),
            Oot = OotConfig.Read(s),
            SweepPoint = point,
        };
        s.Section("sweep");
        s.Section("sweep_point");
        s.EnsureNoUnknownKeys();
        if (config.Model.Hidden % config.Model.Heads != 0)
        {
            throw new DataValidationException(file, 0, "model.heads", $"model.heads: {config.Model.Heads} must divide model.hidden ({config.Model.Hidden})");
        }

        if (config.Split.FirstTestYear is { } first && config.Split.LastTestYear is { } last && last < first)
        {
            throw new DataValidationException(file, 0, "split.last_test_year", $"split.last_test_year: {last} is before split.first_test_year {first}");
        }

        return config;
    }

    private static YamlMappingNode ParseRoot(string yaml, string file)
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

        if (stream.Documents.Count == 0)
        {
            return [];
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new DataValidationException(file, stream.Documents[0].RootNode.Start.Line, "", "the config must be a mapping of sections (data:, model:, ...)");
    }

    private static List<(string Path, List<string> Values)> ReadSweep(YamlMappingNode root, string file)
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

    private static IEnumerable<Dictionary<string, string>> Cartesian(List<(string Path, List<string> Values)> axes)
    {
        IEnumerable<Dictionary<string, string>> acc = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (path, values) in axes)
        {
            acc = acc.SelectMany(d => values.Select(v => new Dictionary<string, string>(d, StringComparer.Ordinal) { [path] = v })).ToList();
        }

        return acc;
    }

    private static void SetPath(YamlMappingNode root, string path, string value)
    {
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var key = new YamlScalarNode(parts[i]);
            if (!node.Children.TryGetValue(key, out var child))
            {
                child = new YamlMappingNode();
                node.Children.Add(key, child);
            }

            node = child as YamlMappingNode ?? throw new DataValidationException("", 0, "sweep." + path, $"sweep.{path}: '{parts[i]}' is not a section");
        }

        node.Children[new YamlScalarNode(parts[^1])] = new YamlScalarNode(value.ToString(CultureInfo.InvariantCulture));
    }
}
