# Pulse's image: built from the sources with Maven, run on a JRE.
#   docker build -t pulse .      (docker compose up --build does this for you)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds (BuildKit, Docker's default builder).
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dstyle.color=never -DskipTests install

FROM eclipse-temurin:17-jre
# curl answers the compose health check.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /opt/pulse pulse \
    && mkdir -p /data && chown pulse /data
WORKDIR /opt/pulse
COPY --from=build /src/app/target/lib/ lib/
COPY --from=build /src/app/target/pulse.jar pulse.jar
USER pulse
VOLUME /data
EXPOSE 8080 8081 9092
ENTRYPOINT ["java", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pulse.avro", "-jar", "/opt/pulse/pulse.jar"]
CMD ["up", "--data-dir=/data"]
