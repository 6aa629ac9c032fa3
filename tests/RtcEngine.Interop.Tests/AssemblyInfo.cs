using Xunit;

// Tests against real peers share ports, CPU and a browser on small machines: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
