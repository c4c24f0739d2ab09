package dev.lading.cli;

import dev.lading.cli.progress.BuildText;
import dev.lading.core.InputException;
import dev.lading.core.job.BuildJob;
import dev.lading.core.job.BuildListener;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.model.Platform;
import dev.lading.toolchain.packages.DebianPackages;
import dev.lading.toolchain.packages.LockFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lock", description = "Resolve the build file's packages: for every platform and write lading.lock"
        + " beside it (kept as it is when it still matches, unless --update).")
final class LockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectFlags project;

    @Option(names = "--update", description = "Resolve again against the mirror's current indexes")
    boolean update;

    @Mixin
    PackageFlags packages;

    @Override
    public Integer call() throws IOException {
        Path buildFilePath = project.buildFile();
        BuildFile buildFile = BuildFileParser.parse(buildFilePath);
        if (buildFile.packages() == null) {
            throw new InputException(buildFilePath, null, 0, "the build file has no packages: section, so there is"
                    + " nothing to lock");
        }
        List<Platform> chosen = BuildJob.platforms(project.platforms, buildFile);
        PrintWriter out = spec.commandLine().getOut();
        BuildListener progress = new BuildListener() {
            @Override
            public void packagesPrepared(Platform platform, String detail, Duration took) {
                out.println(BuildText.packagesPrepared(platform, detail, took));
                out.flush();
            }
        };
        DebianPackages.Locked locked = new DebianPackages(packages.settings())
                .lock(buildFile.packages(), buildFilePath, chosen, update, progress);
        for (LockFile.PlatformLock platform : locked.lock().platforms()) {
            if (chosen.contains(platform.platform())) {
                out.printf("%-14s %-8s %3d build packages, %d runtime%n", platform.platform(), platform.debianArch(),
                        platform.build().size(), platform.runtime().size());
            }
        }
        out.printf("%s %s%n", locked.written() ? "wrote" : "up to date:", locked.file());
        out.flush();
        return 0;
    }
}
