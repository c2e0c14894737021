"""Jobs and CronJobs end to end: real kubectl against `ekslite server`."""

import json
import time
import unittest

from harness import ClusterTestCase, wait_until

JOB = """
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 5
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: registry.local/library/busybox:stable, command: ["true"]}]
"""

CRONJOB = """
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/1 * * * *"
  successfulJobsHistoryLimit: 1
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: t, image: registry.local/library/busybox:stable, command: ["true"]}]
"""

# Its pod exits 42 (the simulated kubelet's exit-code annotation), which a
# FailJob rule turns into the Job's failure without retries.
POLICY_JOB = """
apiVersion: batch/v1
kind: Job
metadata: {name: picky}
spec:
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {containerName: main, operator: In, values: [42]}
  template:
    metadata:
      annotations: {sim.ekslite.io/exit-after: 300ms, sim.ekslite.io/exit-code: "42"}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: registry.local/library/busybox:stable, command: ["false"]}]
"""


class BatchTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "5")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The CronJob fires at the next minute boundary; start it first so the
        # Job test runs meanwhile.
        cls.cluster.kubectl("apply", "-f", "-", input=CRONJOB)

    def test_a_pod_failure_policy_fails_the_job_on_an_exit_code(self):
        self.kubectl("apply", "-f", "-", input=POLICY_JOB)
        out = self.kubectl("wait", "--for=condition=Failed", "--timeout=30s", "job/picky").stdout
        self.assertIn("job.batch/picky condition met", out)
        job = self.cluster.kubectl_json("get", "job", "picky")
        failed = [c for c in job["status"]["conditions"] if c["type"] == "Failed"][0]
        self.assertEqual(failed["reason"], "PodFailurePolicy")
        pod = self.cluster.kubectl_json("get", "pods", "-l", "job-name=picky")["items"][0]
        self.assertEqual(failed["message"], "Container main for pod default/%s failed with exit code 42 "
                         "matching FailJob rule at index 0" % pod["metadata"]["name"])
        self.assertEqual(job["status"]["failed"], 1)  # no retry despite backoffLimit 6
        self.assertIn("PodFailurePolicy", self.kubectl("describe", "job", "picky").stdout)

    def test_a_job_with_completions_and_parallelism_completes(self):
        self.kubectl("apply", "-f", "-", input=JOB)
        max_active = [0]

        def complete():
            job = self.cluster.kubectl_json("get", "job", "pi")
            max_active[0] = max(max_active[0], job.get("status", {}).get("active", 0))
            conds = job.get("status", {}).get("conditions", [])
            return any(c["type"] == "Complete" and c["status"] == "True" for c in conds) and job
        job = wait_until(complete, timeout=60, interval=0.3, message="job pi to complete")
        self.assertEqual(job["status"]["succeeded"], 5)
        self.assertLessEqual(max_active[0], 2)
        reasons = [c["reason"] for c in job["status"]["conditions"]]
        self.assertEqual(reasons, ["CompletionsReached", "CompletionsReached"])
        out = self.kubectl("get", "job", "pi").stdout
        self.assertIn("5/5", out)
        pods = self.cluster.kubectl_json("get", "pods", "-l", "batch.kubernetes.io/job-name=pi")
        self.assertEqual(len(pods["items"]), 5)
        events = self.kubectl("get", "events", "--field-selector", "involvedObject.name=pi").stdout
        self.assertIn("SuccessfulCreate", events)
        self.assertIn("Completed", events)

    def test_b_cronjob_creates_jobs_on_schedule(self):
        def job_created():
            jobs = self.cluster.kubectl_json("get", "jobs")["items"]
            return [j for j in jobs if j["metadata"]["name"].startswith("tick-")]
        jobs = wait_until(job_created, timeout=75, interval=0.5, message="a job from the cronjob")
        name = jobs[0]["metadata"]["name"]
        minutes = int(name[len("tick-"):])
        self.assertEqual(minutes * 60 % 60, 0)
        self.assertLess(abs(minutes * 60 - time.time()), 120)
        owner = jobs[0]["metadata"]["ownerReferences"][0]
        self.assertEqual((owner["kind"], owner["name"], owner["controller"]), ("CronJob", "tick", True))
        cj = wait_until(lambda: self.cluster.kubectl_json("get", "cronjob", "tick")
                        .get("status", {}).get("lastScheduleTime") and
                        self.cluster.kubectl_json("get", "cronjob", "tick"),
                        timeout=10, message="lastScheduleTime")
        self.assertIn("lastScheduleTime", cj["status"])
        events = self.kubectl("get", "events", "--field-selector", "involvedObject.name=tick").stdout
        self.assertIn("Created job " + name, events)


if __name__ == "__main__":
    unittest.main()
