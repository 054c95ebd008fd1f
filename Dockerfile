# syntax=docker/dockerfile:1
# Builds the webhook from source and runs it on a JRE, as a non-root user.
#   docker build -t daemonset-webhook:1.0.0 .
# The image holds no certificates: mount them at /etc/webhook/tls (k8s/ does).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
# Dependencies first, so that a source change reuses this layer. exec.skip: no dev certificates.
RUN mvn -B -q -Dexec.skip dependency:go-offline
COPY src ./src
RUN mvn -B -q -Dexec.skip -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 webhook \
 && useradd --system --uid 10001 --gid webhook --no-create-home --shell /usr/sbin/nologin webhook
WORKDIR /app
# The Quarkus fast-jar layout, least-changing layers first.
COPY --from=build --chown=10001:10001 /build/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=10001:10001 /build/target/quarkus-app/*.jar /app/
COPY --from=build --chown=10001:10001 /build/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=10001:10001 /build/target/quarkus-app/quarkus/ /app/quarkus/
USER 10001:10001
# 8443: the webhooks (HTTPS). 9000: health probes (plain HTTP).
EXPOSE 8443 9000
ENV QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_CERT=/etc/webhook/tls/tls.crt \
    QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_KEY=/etc/webhook/tls/tls.key \
    JDK_JAVA_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
