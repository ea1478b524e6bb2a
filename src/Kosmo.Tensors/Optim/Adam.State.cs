namespace Kosmo.Tensors.Optim;

public partial class Adam
{
    /// <summary>First and second moments per parameter: "adam.m/{name}" and "adam.v/{name}" (each of the parameter's size).</summary>
    public override IReadOnlyList<KeyValuePair<string, float[]>> StateBuffers()
    {
        var result = new List<KeyValuePair<string, float[]>>(2 * Parameters.Count);
        for (var i = 0; i < Parameters.Count; i++)
        {
            result.Add(new("adam.m/" + Parameters[i].Name, _m[i]));
            result.Add(new("adam.v/" + Parameters[i].Name, _v[i]));
        }

        return result;
    }
}
