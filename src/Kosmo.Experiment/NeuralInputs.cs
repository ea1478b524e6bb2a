namespace Kosmo.Experiment;

/// <summary>What a window model needs to be built for a fold: K features, static cardinalities, the cell seed, hyper-parameters and C label classes.</summary>
internal sealed record NeuralInputs(int Features, int[] StaticCardinalities, int Seed, Config.ModelConfig Model, int Classes = 3);
