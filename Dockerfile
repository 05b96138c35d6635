# The databricks-insider-sync image, from the jar that `mvn -B package -DskipTests` leaves in target/:
#
#   mvn -B package -DskipTests && docker build -t databricks-insider-sync .
#
# It runs the sync on sync.schedule until stopped; append --once for one run (a Kubernetes CronJob), --verify to check
# the set-up. See the README's "Container" section. container/check-image.sh builds this file without a Docker engine,
# from a local Debian base given as BASE_IMAGE, and runs the demo in it.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

LABEL org.opencontainers.image.title="databricks-insider-sync" \
      org.opencontainers.image.description="Syncs a Databricks Delta table's Change Data Feed into Insider One (Apache Camel)" \
      org.opencontainers.image.licenses="Apache-2.0"

# A user of its own (uid 1001, group 0, so that any uid in group 0, as OpenShift assigns, may write the state too).
# /app/data is the state volume: ./data in application.properties (sync.state-dir, deadletter.dir, insider.outbox-dir).
WORKDIR /app
RUN useradd --uid 1001 --gid 0 --home-dir /app --no-create-home --shell /usr/sbin/nologin insidersync \
    && mkdir -p /app/data \
    && chown 1001:0 /app/data \
    && chmod 0770 /app/data

# Dependencies first: they change less often than the application.
COPY target/lib/ /app/lib/
COPY target/databricks-insider-sync.jar /app/
COPY routes/ /app/routes/
COPY application.properties /app/

# Checkpoints (checkpoint-<table>.json), dead letters and dry-run request bodies: keep them across restarts.
VOLUME ["/app/data"]
# Health (/observe/health) and metrics (/observe/metrics) on camel.management.port, while the schedule runs; on every
# interface of the container (the program's own default is 127.0.0.1).
ENV CAMEL_MANAGEMENT_HOST=0.0.0.0
EXPOSE 8080

# Numeric, so that Kubernetes' runAsNonRoot can check it.
USER 1001:0

# --add-opens: the Databricks JDBC driver reads its Arrow results through java.nio internals.
# MaxRAMPercentage: the heap follows the container's memory limit (the JVM's default is a quarter of it).
# More JVM options: JAVA_TOOL_OPTIONS. Settings: environment variables (INSIDER_REQUEST_TOKEN, …), or --config FILE.
ENTRYPOINT ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-XX:MaxRAMPercentage=75", "-jar", "/app/databricks-insider-sync.jar"]
CMD []
