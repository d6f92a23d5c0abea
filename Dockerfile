# ChangeBank's Payara Micro uber-jar.
# With FusionAuth: docker compose -f docker-compose.yml -f docker-compose.app.yml up -d --build
# Alone: docker build -t changebank . && docker run -p 127.0.0.1:8080:8080 -e ISSUER=... -e CLIENT_ID=... -e CLIENT_SECRET=... changebank

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
# The wrapper, the POM and what they download change less often than the sources, so they get layers of their own.
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline dependency:copy@payara-micro
COPY server-config/payara server-config/payara
COPY src src
# Keycloak is only for the tests and the Docker-free run.
RUN ./mvnw -B -ntp package -DskipTests -Dkeycloak.skip

# A JDK, not a JRE: Payara compiles the JSP views at run time with javac, which the JRE image lacks.
FROM eclipse-temurin:25-jdk
RUN useradd --system --create-home changebank
WORKDIR /app
COPY --from=build /build/target/changebank-micro.jar ./
RUN chown changebank /app
USER changebank
# The options of a lone instance (docs/performance.md), with the heap at 40% of the container's memory (160 MB of
# docker-compose.app.yml's 400 MB). Java's AOT cache is made here, once: a training run deploys ChangeBank
# (--warmup: then it exits, without a provider) and writes the classes it loaded and linked, which every start maps.
# The runtime's jars are unpacked to one place, the paths the cache recorded.
RUN ISSUER=http://localhost:9011 CLIENT_ID=training CLIENT_SECRET=training \
    java -XX:AOTCacheOutput=changebank.aot -XX:+UseSerialGC -XX:MaxRAMPercentage=40 \
         -jar changebank-micro.jar --warmup --nohazelcast --unpackdir /app/runtime
EXPOSE 8080
# ISSUER, CLIENT_ID and CLIENT_SECRET come from the environment: the image holds no .env. --nohazelcast is the
# uber-jar's default already (pom.xml, uberJar.options); it stays here so that the image never opens a grid port.
CMD ["java", "-XX:AOTCache=changebank.aot", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=40", \
     "-jar", "changebank-micro.jar", "--port", "8080", "--nohazelcast", "--unpackdir", "/app/runtime"]
