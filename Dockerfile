# syntax=docker/dockerfile:1
#
# One Dockerfile, two images:
#   docker build --target server -t achat/chat-server .    # the chat server (the default target)
#   docker build --target shell  -t achat/chat-shell  .    # the terminal client and its bots
# docker-compose.yml builds both. chat-deployment's tests check this file (no Docker engine runs in CI).

# ---- build: the whole reactor's jars, with Maven on a JDK ------------------------------------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY chat-server/pom.xml chat-server/
COPY chat-shell/pom.xml chat-shell/
COPY chat-bench/pom.xml chat-bench/
COPY chat-deployment/pom.xml chat-deployment/
COPY chat-server/src chat-server/src
COPY chat-shell/src chat-shell/src
# Tests run in CI ('mvn verify'), not in every image build; the cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl chat-server,chat-shell -am -DskipTests package
# Spring Boot's layered extraction: the dependencies layer changes rarely, the application layer on every commit.
RUN java -Djarmode=tools -jar chat-server/target/chat-server.jar extract --layers --destination /layers/server \
 && java -Djarmode=tools -jar chat-shell/target/chat-shell.jar extract --layers --destination /layers/shell

# ---- runtime: a JRE of Java 21+, so that connection readers and writers are virtual threads ---------
FROM eclipse-temurin:25-jre AS runtime
RUN groupadd --system chat && useradd --system --gid chat --create-home --home-dir /home/chat chat \
 && mkdir /app && chown chat:chat /app
WORKDIR /app
USER chat
# The JVM is PID 1 (exec-form ENTRYPOINT), so this signal reaches it and starts the graceful shutdown.
STOPSIGNAL SIGTERM

FROM runtime AS shell
COPY --from=build /layers/shell/dependencies/ ./
COPY --from=build /layers/shell/spring-boot-loader/ ./
COPY --from=build /layers/shell/snapshot-dependencies/ ./
COPY --from=build /layers/shell/application/ ./
ENTRYPOINT ["java", "-jar", "chat-shell.jar"]

FROM runtime AS server
COPY --from=build /layers/server/dependencies/ ./
COPY --from=build /layers/server/spring-boot-loader/ ./
COPY --from=build /layers/server/snapshot-dependencies/ ./
COPY --from=build /layers/server/application/ ./
# Start-up in ~1.5 s instead of ~4 s (docs/benchmarks.md, "Start-up"), from two ahead-of-time steps:
# Spring's AOT-generated context initialization, which the jar carries (-Dspring.aot.enabled=true;
# beans are then fixed at build time, docs/operations.md), and the JVM's AOT cache (JEP 483/514): a
# training run that stops right after the context refresh records the classes loaded and linked.
# Same JVM and flags for training and use: this image's.
RUN java -XX:AOTCacheOutput=app.aot -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
    -jar chat-server.jar --chat.server.port=0 --server.port=0
# 8080: the chat (chat.server.port); 8081: HTTP, Actuator only (server.port).
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-Dspring.aot.enabled=true", "-jar", "chat-server.jar"]
