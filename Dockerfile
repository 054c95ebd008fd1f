# Builds the webhook from source and runs it on a Java runtime linked for it, as a non-root user.
#   docker build -t daemonset-webhook:1.0.0 .
# The same image runs the check command: docker run --rm -v "$PWD:/src" -w /src IMAGE check .
# The image holds no certificates: mount them at /etc/webhook/tls (k8s/ does).

# JVM flags chosen by measurement (README, Performance): a serial collector and a small fixed
# heap fit the 384 MiB limit in k8s/, caches of a large cluster included, and start fastest. The benchmarks read this line.
ARG JAVA_FLAGS="-XX:+UseSerialGC -Xms64m -Xmx128m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:-ShrinkHeapInSteps -XX:TrimNativeHeapInterval=5000 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

# The Java modules the server and check need, from which the build links the image's own runtime:
# what jdeps finds in the application's jars, less what only unused code names (java.desktop,
# java.sql, java.compiler: Micrometer's JDBC and Log4j binders, Quarkus' native-image substitutions,
# Vert.x' code generator), plus the providers loaded by name that jdeps cannot see (jdk.zipfs: the
# fast-jar's class loader reads jars through it). A missing module fails src/container/smoke.sh.
ARG JAVA_MODULES="java.base,java.logging,java.naming,java.management,jdk.management,jdk.unsupported,jdk.zipfs"

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
COPY pom.xml ./
# Dependencies first, so that a source change reuses this layer. exec.skip: no dev certificates.
RUN mvn -B -q -Dexec.skip dependency:go-offline
COPY src ./src
RUN mvn -B -q -Dexec.skip -DskipTests package
# The JVM flags as an argument file: the java launcher reads it without the note on standard error
# that JDK_JAVA_OPTIONS or JAVA_TOOL_OPTIONS print into the JSON log stream.
ARG JAVA_FLAGS
RUN printf '%s\n' $JAVA_FLAGS -XX:AOTCache=app.aot > /build/jvm.options
# A runtime of only those modules. --generate-cds-archive keeps the JDK's default class-data
# archive, which check's own archive is recorded on top of; its twin for heaps over 32 GB is dropped.
ARG JAVA_MODULES
RUN jlink --add-modules "$JAVA_MODULES" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
      --output /build/jre \
 && rm /build/jre/lib/server/classes_nocoops.jsa

# A throwaway stage on the final image's JVM: start the server once, send it a review, and record
# an AOT cache (JDK 25: classes loaded and linked, JEP 483, and method profiles, JEP 515), so that
# every later start maps them and compiles the hot paths early. Measured against the JDK 17 image's
# AppCDS archive (src/bench/run-startup.sh): 0.73 of the time to ready on two cores, 0.65 on one.
FROM debian:trixie-slim AS appcds
ARG JAVA_FLAGS
COPY --from=build /build/jre /opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:$PATH
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends openssl curl >/dev/null && rm -rf /var/lib/apt/lists/*
COPY --from=build /build/target/quarkus-app/ /app/
COPY certs/generate.sh /tmp/training/generate.sh
COPY src/main/docker/appcds-training.sh /tmp/training/appcds-training.sh
RUN AOT=1 bash /tmp/training/appcds-training.sh /app $JAVA_FLAGS
# The same for the check command, which records its own archive (bin/check.jsa) from a sample
# that fails on purpose: exit code 1.
COPY src/main/bin/daemonset-check /app/bin/daemonset-check
COPY src/main/docker/check-training.yaml /tmp/training/check-training.yaml
RUN (DAEMONSET_CHECK_RECORD=1 /app/bin/daemonset-check /tmp/training/check-training.yaml >/dev/null || [ $? -eq 1 ]) \
 && test -s /app/bin/check.jsa

FROM debian:trixie-slim
RUN groupadd --system --gid 10001 webhook \
 && useradd --system --uid 10001 --gid webhook --no-create-home --shell /usr/sbin/nologin webhook
COPY --from=build /build/jre /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:$PATH
WORKDIR /app
# The Quarkus fast-jar layout, least-changing layers first. Everything stays owned by root and
# read-only to the user that runs it: the application cannot change its own code.
COPY --from=build /build/target/quarkus-app/lib/ /app/lib/
COPY --from=build /build/target/quarkus-app/*.jar /app/
COPY --from=build /build/target/quarkus-app/app/ /app/app/
COPY --from=build /build/target/quarkus-app/quarkus/ /app/quarkus/
COPY --from=appcds /app/app.aot /app/
COPY --from=build /build/jvm.options /app/jvm.options
# The check command's launcher, and the entry point that starts it for `check ...`.
COPY --from=build /build/src/main/bin/daemonset-check /app/bin/daemonset-check
COPY --from=appcds /app/bin/check.jsa /app/bin/check.jsa
COPY --from=build /build/src/main/docker/entrypoint.sh /app/bin/entrypoint
USER 10001:10001
# 8443: the webhooks (HTTPS). 9000: health probes and metrics (plain HTTP).
EXPOSE 8443 9000
# Two malloc arenas instead of eight per core: measured with the cluster caches full, the JVM's
# native allocations (compiler, Netty, the client) otherwise leave tens of MiB of RSS in arenas.
ENV MALLOC_ARENA_MAX=2
ENV QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_CERT=/etc/webhook/tls/tls.crt \
    QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_KEY=/etc/webhook/tls/tls.key
ENTRYPOINT ["/app/bin/entrypoint"]
