namespace Kosmo.Models.Zoo;

/// <summary>Hyper-parameters of <see cref="VaeClassifier"/>.</summary>
/// <param name="Lookback">L, the window length the encoder is built for.</param>
/// <param name="Features">K, features per day.</param>
/// <param name="Classes">C, output classes.</param>
/// <param name="Latent">Z, latent size.</param>
/// <param name="Hidden">Width of the encoder, decoder and classifier hidden layers.</param>
/// <param name="Beta">β: weight of the KL term against the reconstruction MSE.</param>
/// <param name="AuxWeight">γ: the auxiliary loss is γ·(MSE + β·KL).</param>
/// <param name="SampleInTraining">Feed the sampled z (true) or μ (false) to the classifier during training.</param>
/// <param name="Dropout">Dropout on the classifier's hidden layer (training only).</param>
/// <param name="Statics">Static inputs concatenated into the classifier input; null = none.</param>
/// <param name="Seed">Initialisation seed.</param>
public sealed record VaeOptions(int Lookback, int Features, int Classes = 3, int Latent = 8, int Hidden = 64, float Beta = 0.1f,
    float AuxWeight = 1f, bool SampleInTraining = true, float Dropout = 0.1f, StaticSpec? Statics = null, int Seed = 0);
